import ABE

/// How a tuned policy was shown to let in exactly the same keys.
public struct EquivalenceProof: Hashable, Sendable {
    public enum Scope: String, Hashable, Sendable {
        /// Same truth table over every assignment of the bit-level
        /// attributes, each treated as an independent variable.
        case allAttributeSets = "all attribute sets"
        /// Same truth table over every attribute set a key can hold: for each
        /// compared numeric key, either none of its bit attributes or exactly
        /// the bits of one value in the catalog's range (what
        /// `AttributeSet.keyAttributes` issues). Needed when the numeric
        /// levers change how a comparison is written in bits.
        case issuedKeys = "keys the catalog can issue"
    }

    public enum Method: String, Hashable, Sendable {
        /// Nothing changed: the candidate is the policy as written.
        case identical
        /// Both policies built as one reduced ordered BDD.
        case robdd = "ROBDD"
        /// Both policies expanded to their minimal sums of products: a
        /// monotone function has exactly one, so equal sums mean equal
        /// truth tables. Used when the BDD grows too large.
        case minimalDNF = "minimal DNF"
    }

    public let method: Method
    public let scope: Scope
    /// Variables in the diagram (bit-level attributes, plus every bit of the
    /// compared keys when the scope is `issuedKeys`).
    public let variables: Int
    /// Nodes of the shared diagram when the proof finished.
    public let nodes: Int

    init(method: Method = .robdd, scope: Scope, variables: Int, nodes: Int) {
        self.method = method
        self.scope = scope
        self.variables = variables
        self.nodes = nodes
    }

    static let identical = EquivalenceProof(method: .identical, scope: .allAttributeSets, variables: 0, nodes: 0)

    public var summary: String {
        switch method {
        case .identical: return "identical to the policy as written"
        case .robdd: return "ROBDD, \(variables) variable\(variables == 1 ? "" : "s"), \(nodes) nodes, over \(scope.rawValue)"
        case .minimalDNF: return "minimal DNF, \(variables) variable\(variables == 1 ? "" : "s"), \(nodes) products, over \(scope.rawValue)"
        }
    }
}

enum EquivalenceOutcome: Hashable, Sendable {
    case proven(EquivalenceProof)
    case different
    case tooLarge
}

/// Proves that two bit-level policies have the same truth table by building
/// both as ROBDDs over one variable order (Bryant 1986), or, when the
/// diagram grows too large, by comparing their minimal DNFs.
enum EquivalenceChecker {
    /// `domains` are the numeric keys whose bits may be constrained to issued
    /// values; pass none to demand equality over all attribute sets.
    static let defaultNodeLimit = 250_000

    static func prove(_ original: PolicyNode, _ candidate: PolicyNode,
                      domains: [String: NumericDomain] = [:], nodeLimit: Int = defaultNodeLimit) -> EquivalenceOutcome {
        let order = VariableOrder(formulas: [original, candidate], domains: domains)
        var bdd = ROBDD(nodeLimit: nodeLimit)
        do {
            let f = try bdd.build(original, level: order.level)
            let g = try bdd.build(candidate, level: order.level)
            if f == g {
                return .proven(EquivalenceProof(scope: .allAttributeSets, variables: order.count, nodes: bdd.nodeCount))
            }
            guard !order.constrainedKeys.isEmpty else { return .different }
            let care = try order.careSet(&bdd)
            let differences = try bdd.and(try bdd.xor(f, g), care)
            guard differences == ROBDD.zero else { return .different }
            return .proven(EquivalenceProof(scope: .issuedKeys, variables: order.count, nodes: bdd.nodeCount))
        } catch {
            return proveByMinimalDNF(original, candidate)
        }
    }

    /// Equality of the minimal DNFs (over at most 64 attributes, at most
    /// `limit` products); all-attribute-sets scope only.
    static func proveByMinimalDNF(_ original: PolicyNode, _ candidate: PolicyNode, limit: Int = 20_000) -> EquivalenceOutcome {
        guard let (f, g, count) = minimalDNFs(original, candidate, limit: limit) else { return .tooLarge }
        guard f == g else { return .different }
        return .proven(EquivalenceProof(method: .minimalDNF, scope: .allAttributeSets, variables: count, nodes: f.count))
    }

    /// Both formulas' minimal DNFs over one numbering of their attributes.
    static func minimalDNFs(_ a: PolicyNode, _ b: PolicyNode, limit: Int) -> ([UInt64], [UInt64], Int)? {
        var numbers: [Attribute: Int] = [:]
        for case .attribute(let attribute) in a.leaves + b.leaves where numbers[attribute] == nil {
            numbers[attribute] = numbers.count
        }
        guard numbers.count <= Cubes.maxLiterals,
              let f = DNFExpansion.expand(Factored(a, numbers), limit: limit),
              let g = DNFExpansion.expand(Factored(b, numbers), limit: limit) else { return nil }
        return (f, g, numbers.count)
    }

    /// The attributes `formula` really depends on (its essential variables),
    /// sorted; nil when the diagram would exceed `nodeLimit`.
    static func essentialAttributes(of formula: PolicyNode, nodeLimit: Int = defaultNodeLimit) -> [Attribute]? {
        let order = VariableOrder(formulas: [formula], domains: [:])
        var bdd = ROBDD(nodeLimit: nodeLimit)
        if let root = try? bdd.build(formula, level: order.level) {
            return bdd.support(root).map { order.attributes[$0] }.sorted()
        }
        // Every attribute of a monotone function's minimal DNF is essential.
        guard let (dnf, _, _) = minimalDNFs(formula, formula, limit: 20_000) else { return nil }
        var numbers: [Attribute: Int] = [:]
        for case .attribute(let attribute) in formula.leaves where numbers[attribute] == nil { numbers[attribute] = numbers.count }
        let support = Cubes.support(dnf)
        return numbers.filter { support & Cubes.bit($0.value) != 0 }.keys.sorted()
    }
}

/// A variable order that keeps BDDs of policy trees small: attributes in
/// the order a depth-first walk meets them (read-once formulas then have
/// linear-size diagrams), and every bit of one numeric key together, most
/// significant first, `=0` just above `=1`, so that the issued-key
/// constraint stays linear in the width.
struct VariableOrder {
    private(set) var attributes: [Attribute] = []
    private var levels: [Attribute: Int] = [:]
    /// Numeric keys whose bits appear and whose domain is known, with their domains.
    private(set) var constrainedKeys: [(key: String, domain: NumericDomain)] = []

    init(formulas: [PolicyNode], domains: [String: NumericDomain]) {
        for formula in formulas {
            for leaf in formula.leaves {
                guard case .attribute(let attribute) = leaf, levels[attribute] == nil else { continue }
                if case .bit(let key, let position, _) = attribute, let domain = domains[key], position < domain.width {
                    constrainedKeys.append((key, domain))
                    for bit in stride(from: domain.width - 1, through: 0, by: -1) {
                        add(.bit(key: key, position: bit, isSet: false))
                        add(.bit(key: key, position: bit, isSet: true))
                    }
                } else {
                    add(attribute)
                }
            }
        }
    }

    private mutating func add(_ attribute: Attribute) {
        guard levels[attribute] == nil else { return }
        levels[attribute] = attributes.count
        attributes.append(attribute)
    }

    var count: Int { attributes.count }

    func level(_ attribute: Attribute) -> Int { levels[attribute] ?? 0 }

    /// The attribute sets keys can hold, as far as the constrained keys go:
    /// for each, either none of its bits, or for every position exactly one
    /// of `=0`/`=1`, with the encoded value at most maximum − minimum.
    func careSet(_ bdd: inout ROBDD) throws(ROBDD.LimitExceeded) -> ROBDD.Node {
        var care = ROBDD.one
        for (key, domain) in constrainedKeys {
            let largest = domain.maximum - domain.minimum
            var noBits = ROBDD.one
            var oneOfEach = ROBDD.one
            var atMostLargest = ROBDD.one
            // Built from the least significant bit up, so that each step adds
            // a node above the previous ones.
            for position in 0..<domain.width {
                let clear = try bdd.variable(level(.bit(key: key, position: position, isSet: false)))
                let set = try bdd.variable(level(.bit(key: key, position: position, isSet: true)))
                noBits = try bdd.and(noBits, try bdd.not(try bdd.or(clear, set)))
                oneOfEach = try bdd.and(oneOfEach, try bdd.xor(clear, set))
                // x ≤ M over bits position…0: if M has a 1 here, x_p = 0 or the rest ≤;
                // if M has a 0 here, x_p = 0 and the rest ≤.
                let notSet = try bdd.not(set)
                atMostLargest = (largest >> position) & 1 == 1
                    ? try bdd.or(notSet, atMostLargest)
                    : try bdd.and(notSet, atMostLargest)
            }
            let issued = try bdd.or(noBits, try bdd.and(oneOfEach, atMostLargest))
            care = try bdd.and(care, issued)
        }
        return care
    }
}
