/// What the objective needs to know about one literal of a search: its
/// shape, and how often it uses each bit-level attribute (numbered across
/// the whole policy), from which the most repeated attribute follows.
struct LiteralInfo: Hashable, Sendable {
    var shape: Shape
    var occurrences: [Occurrence]

    struct Occurrence: Hashable, Sendable {
        let attribute: Int
        let count: Int
    }
}

/// Costs formulas over a table of literals without building policy trees
/// or text: rows, text length and τ compose exactly as the printer and the
/// LSSS builder count them (tests check this against `canonicalText` and
/// `lsss()`).
struct FormulaCoster {
    let objective: SizeObjective
    let literals: [LiteralInfo]
    private var counts: [Int]
    private var touched: [Int] = []

    init(objective: SizeObjective, literals: [LiteralInfo], attributeCount: Int) {
        self.objective = objective
        self.literals = literals
        self.counts = [Int](repeating: 0, count: max(attributeCount, 1))
    }

    mutating func cost(_ formula: Factored) -> Cost {
        let info = self.info(formula)
        let maxOccurrence = info.occurrences.map(\.count).max() ?? 0
        return objective.cost(rows: info.shape.rows, maxOccurrence: maxOccurrence, textBytes: info.shape.textLength)
    }

    /// The formula's shape and attribute use, as a literal of a larger formula.
    mutating func info(_ formula: Factored) -> LiteralInfo {
        let shape = accumulate(formula)
        var occurrences: [LiteralInfo.Occurrence] = []
        for attribute in touched.sorted() where counts[attribute] > 0 {
            occurrences.append(.init(attribute: attribute, count: counts[attribute]))
            counts[attribute] = 0
        }
        touched.removeAll(keepingCapacity: true)
        return LiteralInfo(shape: shape, occurrences: occurrences)
    }

    private mutating func accumulate(_ formula: Factored) -> Shape {
        switch formula {
        case .literal(let index):
            let literal = literals[index]
            for occurrence in literal.occurrences {
                if counts[occurrence.attribute] == 0 { touched.append(occurrence.attribute) }
                counts[occurrence.attribute] += occurrence.count
            }
            return literal.shape
        case .and(let children):
            return .gate(.and, children.map { accumulate($0) })
        case .or(let children):
            return .gate(.or, children.map { accumulate($0) })
        case .threshold(let k, let children):
            return .gate(.threshold, k: k, children.map { accumulate($0) })
        case .constant(let value):
            // Never part of a checked policy; costed as an empty gate.
            return Shape(rows: 0, textLength: 0, kind: value ? .and : .or)
        }
    }
}
