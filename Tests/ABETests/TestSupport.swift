import BLS12381
@testable import ABE

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator so that
/// every random test is reproducible from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}

enum Fixtures {
    /// A catalog with numeric keys of several widths and offsets, and values
    /// that stress the lexer (keywords, leading digits, hyphens, dots).
    static let catalog: AttributeCatalog = {
        func numeric(_ kind: NumericLiteral.Kind, _ low: Int, _ high: Int, bits: Int? = nil) -> AttributeCatalog.EntryKind {
            // Fixture ranges are valid by construction.
            .numeric(try! NumericDomain(kind: kind, minimum: low, maximum: high, width: bits))
        }
        let entries: [AttributeCatalog.Entry] = [
            .init(key: "role", kind: .values(["doctor", "nurse", "surgeon", "admin"]), description: nil),
            .init(key: "dept", kind: .values(["icu", "or", "and", "of", "in", "er"]), description: nil),
            .init(key: "ward", kind: .values(["3B", "A-1N", "b.2", "7"]), description: nil),
            .init(key: "hospital", kind: .values(["A", "B"]), description: nil),
            .init(key: "on_call", kind: .flag, description: nil),
            .init(key: "trainee", kind: .flag, description: nil),
            .init(key: "x-ray.ok", kind: .flag, description: nil),
            .init(key: "level", kind: numeric(.integer, 0, 15), description: nil),
            .init(key: "score", kind: numeric(.integer, 10, 300), description: nil),
            .init(key: "temp", kind: numeric(.integer, -40, 40, bits: 8), description: nil),
            .init(key: "one_bit", kind: numeric(.integer, 5, 6), description: nil),
            .init(key: "expires", kind: numeric(.date, ISODate.days("2024-01-01"), ISODate.days("2031-12-31")), description: nil),
            .init(key: "born", kind: numeric(.date, ISODate.days("1900-01-01"), ISODate.days("2030-12-31")), description: nil),
        ]
        return try! AttributeCatalog(name: "test", entries: entries)
    }()

    static let options = PolicyOptions(catalog: catalog)
    /// For tests of parsing and printing, whose random trees may compile to
    /// more rows than a ciphertext may have.
    static let roomyOptions: PolicyOptions = {
        var options = PolicyOptions(catalog: catalog)
        options.limits.maxRows = 4096
        return options
    }()
    static let roomyFreeForm: PolicyOptions = {
        var options = PolicyOptions.freeForm
        options.limits.maxRows = 4096
        return options
    }()

    static let plainAttributes: [Attribute] = catalog.plainAttributeNames.map { name in
        // Names come from the catalog, so they parse.
        try! Attribute(parsing: name)
    }

    static func domain(_ key: String) -> NumericDomain {
        guard case .numeric(let domain)? = catalog.entry(forKey: key)?.kind else { fatalError("not numeric: \(key)") }
        return domain
    }
}

extension ISODate {
    /// Days since 1970-01-01 of a date literal known to be valid.
    static func days(_ text: String) -> Int { try! ISODate(parsing: text).daysSinceEpoch }
}

/// Random policy trees over `Fixtures.catalog` (not necessarily normalized),
/// never containing a comparison that is constant over its domain.
struct TreeGenerator {
    var rng: SeededGenerator
    var maxDepth = 4
    var comparisonChance = 0.25

    init(seed: UInt64, maxDepth: Int = 4, comparisonChance: Double = 0.25) {
        rng = SeededGenerator(seed: seed)
        self.maxDepth = maxDepth
        self.comparisonChance = comparisonChance
    }

    mutating func tree(depth: Int = 0) -> PolicyNode {
        if depth >= maxDepth || rng.chance(depth == 0 ? 0.1 : 0.4) { return leaf() }
        let count = Int.random(in: 2...4, using: &rng)
        let children = (0..<count).map { _ in tree(depth: depth + 1) }
        switch Int.random(in: 0..<5, using: &rng) {
        case 0, 1: return .and(children)
        case 2, 3: return .or(children)
        default: return .threshold(Int.random(in: 1...count, using: &rng), children)
        }
    }

    mutating func leaf() -> PolicyNode {
        rng.chance(comparisonChance) ? .comparison(comparison()) : .attribute(rng.pick(Fixtures.plainAttributes))
    }

    mutating func comparison() -> NumericComparison {
        let key = rng.pick(Fixtures.catalog.numericKeys)
        let domain = Fixtures.domain(key)
        let (low, high) = (domain.minimum, domain.maximum)
        func literal(_ value: Int) -> NumericLiteral { domain.literal(value) }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return NumericComparison(key, .greaterOrEqual, literal(Int.random(in: (low + 1)...high, using: &rng)))
        case 1: return NumericComparison(key, .greater, literal(Int.random(in: low..<high, using: &rng)))
        case 2: return NumericComparison(key, .lessOrEqual, literal(Int.random(in: low..<high, using: &rng)))
        case 3: return NumericComparison(key, .less, literal(Int.random(in: (low + 1)...high, using: &rng)))
        case 4: return NumericComparison(key, .equal, literal(Int.random(in: low...high, using: &rng)))
        default:
            var a = Int.random(in: low...high, using: &rng)
            var b = Int.random(in: a...high, using: &rng)
            if a == low && b == high { if rng.chance(0.5) { a += 1 } else { b -= 1 } }
            return NumericComparison(key: key, constraint: .range(literal(a), literal(b)))
        }
    }

    /// A random attribute set over the attributes of `node`, with numeric
    /// values for its compared keys, each present with probability `density`.
    mutating func attributeSet(for node: PolicyNode, density: Double = 0.6) -> AttributeSet {
        var attributes: [Attribute] = []
        var values: [String: NumericLiteral] = [:]
        for leaf in node.leaves {
            switch leaf {
            case .attribute(let attribute) where rng.chance(density):
                attributes.append(attribute)
            case .comparison(let comparison) where rng.chance(density + (1 - density) / 2):
                let domain = Fixtures.domain(comparison.key)
                values[comparison.key] = domain.literal(Int.random(in: domain.minimum...domain.maximum, using: &rng))
            default:
                break
            }
        }
        if rng.chance(0.2) { attributes.append(rng.pick(Fixtures.plainAttributes)) }
        return try! AttributeSet(attributes: attributes, numericValues: values, options: Fixtures.options)
    }
}

/// Writes a tree in a random but equivalent spelling: keyword case,
/// whitespace, redundant parentheses, regrouped AND/OR chains, `1 of`/`n of`
/// instead of OR/AND, spacing around operators.
struct Respeller {
    var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func spell(_ node: PolicyNode) -> String {
        space() + expression(node) + space()
    }

    private mutating func space() -> String {
        rng.pick(["", "", " ", "  ", "\t", "\n", " \n  "])
    }

    private mutating func gap() -> String {
        rng.pick([" ", " ", "  ", "\n", "\t", " \n "])
    }

    private mutating func keyword(_ word: String) -> String {
        String(word.map { rng.chance(0.5) ? Character($0.uppercased()) : Character($0.lowercased()) })
    }

    /// A term: anything that may stand next to AND/OR of a different kind.
    private mutating func term(_ node: PolicyNode) -> String {
        switch node {
        case .and, .or: return "(" + space() + expression(node) + space() + ")"
        default:
            let text = expression(node)
            return rng.chance(0.15) ? "(" + space() + text + space() + ")" : text
        }
    }

    private mutating func expression(_ node: PolicyNode) -> String {
        switch node {
        case .attribute(let attribute):
            return attribute.description
        case .comparison(let comparison):
            switch comparison.constraint {
            case .compare(let op, let value):
                return comparison.key + space() + op.rawValue + space() + value.description
            case .range(let low, let high):
                return comparison.key + gap() + keyword("in") + space() + "[" + space() + low.description
                    + space() + "," + space() + high.description + space() + "]"
            }
        case .and(let children), .or(let children):
            let isAnd: Bool
            if case .and = node { isAnd = true } else { isAnd = false }
            if rng.chance(0.15) {
                // Spell as a threshold: n of (…) for AND, 1 of (…) for OR.
                return threshold(isAnd ? children.count : 1, children)
            }
            let word = isAnd ? "and" : "or"
            if children.count > 2 && rng.chance(0.3) {
                // Regroup: (c0 op c1) op c2 … is the same tree after flattening.
                let split = Int.random(in: 1..<children.count, using: &rng)
                let first = Array(children[..<split])
                let rest = Array(children[split...])
                let left = first.count == 1 ? term(first[0]) : "(" + expression(isAnd ? .and(first) : .or(first)) + ")"
                let right = rest.count == 1 ? term(rest[0]) : "(" + expression(isAnd ? .and(rest) : .or(rest)) + ")"
                return left + gap() + keyword(word) + gap() + right
            }
            var text = term(children[0])
            for child in children.dropFirst() { text += gap() + keyword(word) + gap() + term(child) }
            return text
        case .threshold(let k, let children):
            return threshold(k, children)
        }
    }

    private mutating func threshold(_ k: Int, _ children: [PolicyNode]) -> String {
        var items: [String] = []
        for child in children {
            items.append(rng.chance(0.2) ? term(child) : expression(child))
        }
        var text = "\(k)" + gap() + keyword("of") + space() + "(" + space()
        for (index, item) in items.enumerated() {
            if index > 0 { text += space() + "," + space() }
            text += item
        }
        return text + space() + ")"
    }
}

/// Σ γ_i M_i over Fr for the given rows.
func combination(_ matrix: LSSSMatrix, rows: [Int], coefficients: [Scalar]) -> [Scalar] {
    var sum = [Scalar](repeating: .zero, count: matrix.columnCount)
    for (row, gamma) in zip(rows, coefficients) {
        for (column, entry) in matrix.scalarRow(row).enumerated() { sum[column] = sum[column] + gamma * entry }
    }
    return sum
}

func targetVector(_ columns: Int) -> [Scalar] {
    [Scalar.one] + [Scalar](repeating: .zero, count: max(0, columns - 1))
}
