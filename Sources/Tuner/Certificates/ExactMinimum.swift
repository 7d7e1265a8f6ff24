import ABE

/// The cheapest formula of all, for a policy over at most five (bit-level)
/// attributes: the minimum of the objective over every formula with AND,
/// OR and k-of-m gates that has the same truth table.
public struct ExactMinimum: Hashable, Sendable {
    public let rows: Int
    public let maxOccurrence: Int
    public let policyTextBytes: Int
    /// Container bytes with this formula (no copy of the policy as written).
    public let bytes: Int
    /// One formula that reaches the minimum.
    public let formula: PolicyNode

    public static let maxAttributes = 5
}

/// Dynamic programming over formulas by number of rows. A state is a
/// formula class: its truth table over the n ≤ 5 attributes (32 bits), how
/// often it uses each attribute, and its top gate; for each class only the
/// shortest text is kept. That is exact, because a parent's truth table,
/// occurrences and text follow from its children's (the text through
/// `Shape.gate`). States are built from smaller ones:
/// - AND/OR chains: (formula, new last child not of the same gate), so each
///   n-ary gate is reached once per child order;
/// - k-of-m gates (m ≥ 3, 1 < k < m) over every multiset of smaller states.
/// A gate with a child that changes nothing is skipped (dropping the child
/// would be cheaper), and any state already costlier than the best known
/// formula is dropped: every part of a formula costs at most the whole.
struct ExactMinimumSearch {
    /// Plain values only, so that millions of them cost no reference counting.
    private struct State {
        let truthTable: UInt32
        let occurrences: UInt32  // 4 bits per attribute
        let kind: Shape.Kind
        let text: Int
        let rows: Int
        /// Leaf: the attribute; gate: k (thresholds) and children in `childIndices`.
        let leaf: Int
        let k: Int
        let firstChild: Int
        let childCount: Int
    }

    private struct Key: Hashable {
        let truthTable: UInt32
        let occurrences: UInt32
        let kind: Shape.Kind
    }

    let attributes: [Attribute]
    let objective: SizeObjective
    private let target: UInt32
    private var bound: Cost
    private var states: [State] = []
    private var byKey: [Key: Int] = [:]
    private var levels: [[Int]] = [[]]
    private var best: Int?
    private var childIndices: [Int] = []
    /// Text of the names of each subset of attributes, with separators:
    /// what a formula must still add for the attributes a part lacks.
    private let missingText: [Int]

    /// `formula` must depend on exactly `attributes` (at most five);
    /// `upperBound` is the cost of a known formula for it.
    static func compute(_ formula: PolicyNode, attributes: [Attribute], objective: SizeObjective,
                        upperBound: Cost) -> ExactMinimum? {
        guard (1...ExactMinimum.maxAttributes).contains(attributes.count) else { return nil }
        var search = ExactMinimumSearch(formula, attributes: attributes, objective: objective, upperBound: upperBound)
        return search.run()
    }

    private init(_ formula: PolicyNode, attributes: [Attribute], objective: SizeObjective, upperBound: Cost) {
        self.attributes = attributes
        self.objective = objective
        self.bound = upperBound
        var table: UInt32 = 0
        for assignment in 0..<(1 << attributes.count) {
            let held = Set(attributes.indices.filter { (assignment >> $0) & 1 == 1 }.map { attributes[$0] })
            if formula.isSatisfied(byAttributes: held) { table |= 1 << UInt32(assignment) }
        }
        self.target = table
        let lengths = attributes.map { $0.description.utf8.count }
        self.missingText = (0..<(1 << attributes.count)).map { mask in
            attributes.indices.filter { (mask >> $0) & 1 == 1 }.reduce(0) { $0 + lengths[$1] + 2 }
        }
    }

    private mutating func run() -> ExactMinimum? {
        let n = attributes.count
        var rows = 1
        while rows <= 15, cost(rows: rows, occurrences: 0, text: 0) <= bound {
            levels.append([])
            if rows == 1 {
                for index in 0..<n { addLeaf(index) }
            } else {
                buildChains(rows: rows)
                buildThresholds(rows: rows)
            }
            // Keep only the states that still lead their class.
            levels[rows] = levels[rows].filter { byKey[key(states[$0])] == $0 }
            rows += 1
        }
        guard let best else { return nil }
        let state = states[best]
        let formula = node(best).normalized()
        return ExactMinimum(rows: state.rows, maxOccurrence: maxOccurrence(state.occurrences),
                            policyTextBytes: state.text,
                            bytes: objective.bytes(rows: state.rows, maxOccurrence: maxOccurrence(state.occurrences),
                                                   policyTextBytes: state.text),
                            formula: formula)
    }

    // MARK: Building states

    private mutating func addLeaf(_ index: Int) {
        var table: UInt32 = 0
        for assignment in 0..<(1 << attributes.count) where (assignment >> index) & 1 == 1 {
            table |= 1 << UInt32(assignment)
        }
        insert(State(truthTable: table, occurrences: 1 << UInt32(4 * index), kind: .leaf,
                     text: attributes[index].description.utf8.count, rows: 1, leaf: index, k: 0, firstChild: 0, childCount: 0))
    }

    private mutating func buildChains(rows: Int) {
        for leftRows in 1..<rows {
            let rightRows = rows - leftRows
            for left in levels[leftRows] {
                for right in levels[rightRows] {
                    let a = states[left], b = states[right]
                    guard let occurrences = add(a.occurrences, b.occurrences) else { continue }
                    for kind in [Shape.Kind.and, .or] where b.kind != kind {
                        let table = kind == .and ? a.truthTable & b.truthTable : a.truthTable | b.truthTable
                        guard table != a.truthTable, table != b.truthTable else { continue }
                        // As Shape.gate writes it: separator, and parentheses around the other gate kind.
                        let other: Shape.Kind = kind == .and ? .or : .and
                        let text = a.text + b.text + (kind == .and ? 5 : 4)
                            + (a.kind == other ? 2 : 0) + (b.kind == other ? 2 : 0)
                        insert(State(truthTable: table, occurrences: occurrences, kind: kind, text: text,
                                     rows: rows, leaf: -1, k: 0, firstChild: 0, childCount: 0), children: [left, right])
                    }
                }
            }
        }
    }

    private mutating func buildThresholds(rows: Int) {
        guard rows >= 3 else { return }
        // Children in a fixed order (fewer rows first), chosen as multisets.
        let pool = (1..<rows).flatMap { levels[$0] }
        var chosen: [Int] = []
        func extend(from start: Int, remaining: Int, occurrences: UInt32, text: Int) {
            if remaining == 0 {
                if chosen.count >= 3 { emitThresholds(chosen, occurrences: occurrences, text: text, rows: rows) }
                return
            }
            for position in start..<pool.count {
                let child = states[pool[position]]
                guard child.rows <= remaining else { break }
                // Each further child needs a row: leave room to reach three children.
                guard chosen.count + 1 + (remaining - child.rows) >= 3 else { continue }
                guard let sum = add(occurrences, child.occurrences) else { continue }
                let partialText = text + child.text + (chosen.isEmpty ? 0 : 2)
                guard cost(rows: rows - remaining + child.rows, occurrences: sum, text: partialText + 7) <= bound else { continue }
                chosen.append(pool[position])
                extend(from: position, remaining: remaining - child.rows, occurrences: sum, text: partialText)
                chosen.removeLast()
            }
        }
        extend(from: 0, remaining: rows, occurrences: 0, text: 0)
    }

    private mutating func emitThresholds(_ children: [Int], occurrences: UInt32, text: Int, rows: Int) {
        let m = children.count
        var atLeast = [UInt32](repeating: 0, count: m + 1)
        atLeast[0] = UInt32.max
        for child in children {
            let table = states[child].truthTable
            for j in stride(from: m, through: 1, by: -1) { atLeast[j] |= atLeast[j - 1] & table }
        }
        let childTables = Set(children.map { states[$0].truthTable })
        for k in 2..<m {
            let table = atLeast[k] & fullTable
            guard !childTables.contains(table) else { continue }
            let gateShape = Shape.gate(.threshold, k: k, children.map { shape(states[$0]) })
            insert(State(truthTable: table, occurrences: occurrences, kind: .threshold, text: gateShape.textLength,
                         rows: rows, leaf: -1, k: k, firstChild: 0, childCount: 0), children: children)
        }
    }

    private mutating func insert(_ candidate: State, children: [Int] = []) {
        // Whatever formula contains this part still needs a row and a name
        // for each attribute the part lacks.
        let lacking = ~usedMask(candidate.occurrences) & ((1 << attributes.count) - 1)
        let atLeast = cost(rows: candidate.rows + lacking.nonzeroBitCount, occurrences: candidate.occurrences,
                           text: candidate.text + missingText[lacking])
        guard atLeast <= bound else { return }
        let stateKey = Key(truthTable: candidate.truthTable, occurrences: candidate.occurrences, kind: candidate.kind)
        if let existing = byKey[stateKey], states[existing].text <= candidate.text { return }
        let state = State(truthTable: candidate.truthTable, occurrences: candidate.occurrences, kind: candidate.kind,
                          text: candidate.text, rows: candidate.rows, leaf: candidate.leaf, k: candidate.k,
                          firstChild: childIndices.count, childCount: children.count)
        childIndices.append(contentsOf: children)
        byKey[stateKey] = states.count
        states.append(state)
        levels[state.rows].append(states.count - 1)
        if state.truthTable == target {
            let stateCost = cost(rows: state.rows, occurrences: state.occurrences, text: state.text)
            if best.map({ stateCost < cost(rows: states[$0].rows, occurrences: states[$0].occurrences, text: states[$0].text) }) ?? true {
                best = states.count - 1
                bound = stateCost
            }
        }
    }

    // MARK: Helpers

    private var fullTable: UInt32 {
        attributes.count == 5 ? UInt32.max : (UInt32(1) << UInt32(1 << attributes.count)) - 1
    }

    private func key(_ state: State) -> Key {
        Key(truthTable: state.truthTable, occurrences: state.occurrences, kind: state.kind)
    }

    private func shape(_ state: State) -> Shape {
        Shape(rows: state.rows, textLength: state.text, kind: state.kind)
    }

    /// Per-attribute sums; nil if a count would pass 15 (no formula here gets near).
    private func add(_ a: UInt32, _ b: UInt32) -> UInt32? {
        var sum: UInt32 = 0
        for index in 0..<attributes.count {
            let shift = UInt32(4 * index)
            let count = ((a >> shift) & 0xF) + ((b >> shift) & 0xF)
            if count > 0xF { return nil }
            sum |= count << shift
        }
        return sum
    }

    private func maxOccurrence(_ occurrences: UInt32) -> Int {
        var largest: UInt32 = 0
        var rest = occurrences
        while rest != 0 {
            largest = max(largest, rest & 0xF)
            rest >>= 4
        }
        return Int(largest)
    }

    /// Bit i set when attribute i occurs.
    private func usedMask(_ occurrences: UInt32) -> Int {
        var mask = 0
        for index in 0..<attributes.count where (occurrences >> UInt32(4 * index)) & 0xF != 0 { mask |= 1 << index }
        return mask
    }

    private func cost(rows: Int, occurrences: UInt32, text: Int) -> Cost {
        objective.cost(rows: rows, maxOccurrence: max(1, maxOccurrence(occurrences)), textBytes: text)
    }

    private func node(_ index: Int) -> PolicyNode {
        let state = states[index]
        if state.kind == .leaf { return .attribute(attributes[state.leaf]) }
        let parts = childIndices[state.firstChild..<(state.firstChild + state.childCount)].map(node)
        switch state.kind {
        case .and: return .and(parts)
        case .or: return .or(parts)
        default: return .threshold(state.k, parts)
        }
    }
}
