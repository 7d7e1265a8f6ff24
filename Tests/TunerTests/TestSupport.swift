import Foundation
import ABE
@testable import Tuner

enum Fixtures {
    /// A catalog with plain attributes and numeric keys of several widths,
    /// one of them wider than its range needs (so the width lever matters).
    static let catalog: AttributeCatalog = {
        let json = """
            {"name": "tuner tests", "attributes": [
              {"key": "role", "values": ["doctor", "nurse", "surgeon", "admin"]},
              {"key": "dept", "values": ["icu", "er", "cardio"]},
              {"key": "hospital", "values": ["A", "B"]},
              {"key": "on_call", "type": "flag"},
              {"key": "level", "type": "integer", "min": 0, "max": 7},
              {"key": "grade", "type": "integer", "min": 0, "max": 5, "bits": 5},
              {"key": "expires", "type": "date", "min": "2024-01-01", "max": "2024-03-10"}
            ]}
            """
        return try! AttributeCatalog(json: Data(json.utf8))
    }()

    static let options = PolicyOptions(catalog: catalog)

    static let plainAttributes: [Attribute] = catalog.plainAttributeNames.map { try! Attribute(parsing: $0) }

    static func domain(_ key: String) -> NumericDomain {
        guard case .numeric(let domain)? = catalog.entry(forKey: key)?.kind else { fatalError("not numeric: \(key)") }
        return domain
    }

    static func days(_ text: String) -> Int { try! ISODate(parsing: text).daysSinceEpoch }

    static func policy(_ text: String, options: PolicyOptions = Fixtures.options) -> Policy {
        do { return try Policy(parsing: text, options: options) } catch { fatalError("\(text): \(error)") }
    }
}

/// Random policy trees over `Fixtures.catalog`, small enough that every
/// attribute set over their attributes can be enumerated.
struct RandomPolicies {
    var random: SplitMix64
    var maxDepth: Int
    var attributes: [Attribute]
    var comparisonChance: Double

    init(seed: UInt64, maxDepth: Int = 3, attributeCount: Int = 5, comparisonChance: Double = 0.2) {
        random = SplitMix64(seed: seed)
        self.maxDepth = maxDepth
        self.comparisonChance = comparisonChance
        var pool = Fixtures.plainAttributes
        var chosen: [Attribute] = []
        for _ in 0..<attributeCount where !pool.isEmpty { chosen.append(pool.remove(at: random.below(pool.count))) }
        attributes = chosen
    }

    mutating func policy() -> Policy {
        while true {
            if let policy = try? Policy(tree: tree(depth: 0), options: Fixtures.options) { return policy }
        }
    }

    /// Sums of products with shared literals: the shape consent grants accumulate into.
    mutating func sumOfProducts(terms: Int, width: Int) -> Policy {
        while true {
            let products: [PolicyNode] = (0..<terms).map { _ in
                let size = 1 + random.below(width)
                return .and((0..<size).map { _ in .attribute(attributes[random.below(attributes.count)]) })
            }
            if let policy = try? Policy(tree: .or(products), options: Fixtures.options) { return policy }
        }
    }

    mutating func tree(depth: Int) -> PolicyNode {
        if depth >= maxDepth || (depth > 0 && random.unit() < 0.35) { return leaf() }
        let count = 2 + random.below(3)
        let children = (0..<count).map { _ in tree(depth: depth + 1) }
        switch random.below(5) {
        case 0, 1: return .and(children)
        case 2, 3: return .or(children)
        default: return .threshold(1 + random.below(count), children)
        }
    }

    mutating func leaf() -> PolicyNode {
        if random.unit() < comparisonChance { return .comparison(comparison()) }
        return .attribute(attributes[random.below(attributes.count)])
    }

    mutating func comparison() -> NumericComparison {
        let key = ["level", "grade", "expires"][random.below(3)]
        let domain = Fixtures.domain(key)
        let (low, high) = (domain.minimum, domain.maximum)
        func value(_ range: ClosedRange<Int>) -> NumericLiteral { domain.literal(Int.random(in: range, using: &random)) }
        switch random.below(5) {
        case 0: return NumericComparison(key, .greaterOrEqual, value((low + 1)...high))
        case 1: return NumericComparison(key, .lessOrEqual, value(low...(high - 1)))
        case 2: return NumericComparison(key, .equal, value(low...high))
        case 3: return NumericComparison(key, .less, value((low + 1)...high))
        default:
            var a = Int.random(in: low...high, using: &random)
            var b = Int.random(in: a...high, using: &random)
            if a == low && b == high { if random.below(2) == 0 { a += 1 } else { b -= 1 } }
            return NumericComparison(key: key, constraint: .range(domain.literal(a), domain.literal(b)))
        }
    }
}

/// Every attribute set a key can hold over a policy's plain attributes and
/// compared keys: each plain attribute held or not, each numeric key absent
/// or holding one value (all values for small domains, boundaries and a
/// sample otherwise). Source-level semantics (`Policy.isSatisfied`) are the
/// oracle the tuned bit-level policy is held against.
enum AttributeSets {
    /// All sets when there are at most `limit`, else `limit` random ones
    /// (each plain attribute held with probability ½, each numeric key
    /// absent or one of its candidate values).
    static func all(for policy: Policy, random: inout SplitMix64, limit: Int = 2_048) -> [AttributeSet] {
        let plain = policy.attributes.filter { if case .bit = $0 { return false } else { return true } }
        var valueChoices: [(String, [NumericLiteral?])] = []
        for key in policy.comparedKeys {
            let domain = policy.domains[key]!
            var values: Set<Int> = [domain.minimum, domain.maximum]
            if domain.maximum - domain.minimum <= 16 {
                values.formUnion(domain.minimum...domain.maximum)
            } else {
                for _ in 0..<6 { values.insert(Int.random(in: domain.minimum...domain.maximum, using: &random)) }
            }
            // Both sides of every constant the policy compares this key with.
            for case .comparison(let comparison) in policy.root.leaves where comparison.key == key {
                if let interval = NumericLevers.interval(of: comparison, in: domain) {
                    for v in [interval.lowerBound - 1, interval.lowerBound, interval.upperBound, interval.upperBound + 1]
                    where domain.contains(v) { values.insert(v) }
                }
            }
            valueChoices.append((key, [nil] + values.sorted().map { domain.literal($0) }))
        }
        let total = valueChoices.reduce(1 << plain.count) { $0 * $1.1.count }
        func set(_ held: [Attribute], _ numeric: [String: NumericLiteral]) -> AttributeSet {
            try! AttributeSet(attributes: held, numericValues: numeric, options: Fixtures.options)
        }
        if total > limit {
            return (0..<limit).map { _ in
                let held = plain.filter { _ in random.below(2) == 1 }
                var numeric: [String: NumericLiteral] = [:]
                for (key, choices) in valueChoices { numeric[key] = choices[random.below(choices.count)] }
                return set(held, numeric)
            }
        }
        var sets: [AttributeSet] = []
        func assign(_ index: Int, _ numeric: [String: NumericLiteral]) {
            if index == valueChoices.count {
                for mask in 0..<(1 << plain.count) {
                    sets.append(set(plain.indices.filter { (mask >> $0) & 1 == 1 }.map { plain[$0] }, numeric))
                }
                return
            }
            let (key, choices) = valueChoices[index]
            for choice in choices {
                var next = numeric
                next[key] = choice
                assign(index + 1, next)
            }
        }
        assign(0, [:])
        return sets
    }

    /// Whether `tuned` (bit level) admits exactly the sets `original` admits.
    static func agree(_ original: Policy, _ tuned: Policy, random: inout SplitMix64) -> AttributeSet? {
        for set in all(for: original, random: &random) {
            let expected = original.isSatisfied(by: set)
            if tuned.compiled.isSatisfied(byAttributes: set.keyAttributes) != expected
                || tuned.isSatisfied(by: set) != expected { return set }
        }
        return nil
    }
}

/// Every assignment of a formula's attributes, as a truth table.
func truthTable(_ node: PolicyNode, over attributes: [Attribute]) -> [Bool] {
    (0..<(1 << attributes.count)).map { assignment in
        let held = Set(attributes.indices.filter { (assignment >> $0) & 1 == 1 }.map { attributes[$0] })
        return node.isSatisfied(byAttributes: held)
    }
}

func attributes(of nodes: PolicyNode...) -> [Attribute] {
    Array(Set(nodes.flatMap { $0.leaves }.compactMap { leaf -> Attribute? in
        if case .attribute(let attribute) = leaf { return attribute }
        return nil
    })).sorted()
}
