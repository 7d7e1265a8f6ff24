/// Reading a compiled policy back into the form people write.
///
/// Compilation turns `clearance >= 3` into bit attributes
/// (`clearance#b2=1 OR (clearance#b1=1 AND clearance#b0=1)`, docs/POLICY.md).
/// Chains and old containers keep only those bits. `readable(domainOf:)`
/// replaces each group of one key's bits by the comparison it encodes, with
/// dates as dates, and only when compiling that comparison gives back the
/// very same bits (both range encodings are tried): the text shown always
/// means what the ciphertext enforces. Groups that are no single interval
/// (a tuner's factoring may split one) stay as bits.
extension PolicyNode {
    public func readable(domainOf: (String) -> NumericDomain?) -> PolicyNode {
        switch self {
        case .attribute(.bit(let key, _, _)):
            guard let domain = domainOf(key) else { return self }
            return Self.comparison(encodedBy: self, key: key, domain: domain).map(PolicyNode.comparison) ?? self
        case .attribute, .comparison:
            return self
        case .and(let children):
            return Self.gate(Self.readableChildren(children, isAnd: true, domainOf: domainOf), isAnd: true)
        case .or(let children):
            return Self.gate(Self.readableChildren(children, isAnd: false, domainOf: domainOf), isAnd: false)
        case .threshold(let k, let children):
            return .threshold(k, children.map { $0.readable(domainOf: domainOf) })
        }
    }

    /// A compiled policy's canonical text read back with `catalog`'s
    /// numeric domains; the text itself when it does not parse.
    public static func readableText(ofCompiled text: String, catalog: AttributeCatalog) -> String {
        guard let policy = try? Policy(parsing: text, options: .freeForm) else { return text }
        return policy.root.readable(domainOf: catalog.numericDomain(forKey:)).canonicalText
    }

    private static func gate(_ children: [PolicyNode], isAnd: Bool) -> PolicyNode {
        children.count == 1 ? children[0] : (isAnd ? .and(children) : .or(children))
    }

    /// The key whose bits are every leaf of `node`, if there is one.
    private var soleBitKey: String? {
        var key: String?
        func visit(_ node: PolicyNode) -> Bool {
            switch node {
            case .attribute(.bit(let k, _, _)):
                if key == nil { key = k }
                return key == k
            case .attribute, .comparison:
                return false
            case .and(let children), .or(let children), .threshold(_, let children):
                return children.allSatisfy(visit)
            }
        }
        return visit(self) ? key : nil
    }

    /// A gate's children with each key's bit children read together (a
    /// compiled `clearance >= 6` flattens into its parent AND as two bits).
    private static func readableChildren(_ children: [PolicyNode], isAnd: Bool,
                                         domainOf: (String) -> NumericDomain?) -> [PolicyNode] {
        var groups: [String: [Int]] = [:]
        for (index, child) in children.enumerated() {
            if let key = child.soleBitKey, domainOf(key) != nil { groups[key, default: []].append(index) }
        }
        var replaced: [Int: PolicyNode] = [:]
        var dropped = Set<Int>()
        for (key, members) in groups where members.count > 1 {
            let group = gate(members.map { children[$0] }, isAnd: isAnd)
            if let domain = domainOf(key), let comparison = comparison(encodedBy: group, key: key, domain: domain) {
                replaced[members[0]] = .comparison(comparison)
                dropped.formUnion(members.dropFirst())
            }
        }
        return children.indices.compactMap { index in
            if dropped.contains(index) { return nil }
            return replaced[index] ?? children[index].readable(domainOf: domainOf)
        }
    }

    /// The comparison whose compilation is exactly `node`, or nil.
    static func comparison(encodedBy node: PolicyNode, key: String, domain: NumericDomain) -> NumericComparison? {
        let width = domain.width
        guard let low = extremeSatisfyingValue(node, key: key, width: width, largest: false),
              let high = extremeSatisfyingValue(node, key: key, width: width, largest: true) else { return nil }
        let top = BitCompiler.maxValue(width)
        func literal(_ encoded: Int) -> NumericLiteral { domain.literal(encoded + domain.minimum) }
        var candidates: [NumericConstraint]
        if low == high {
            // `x == v`, or `x in [v, v]` as the both-bounds encoding writes it.
            candidates = [.compare(.equal, literal(low)), .range(literal(low), literal(high))]
        } else if low == 0 && high == top {
            return nil
        } else if low == 0 {
            candidates = [.compare(.lessOrEqual, literal(high))]
        } else if high == top {
            candidates = [.compare(.greaterOrEqual, literal(low))]
        } else {
            candidates = [.range(literal(low), literal(high))]
        }
        let target = node.normalized().sortedChildren()
        for candidate in candidates {
            let comparison = NumericComparison(key: key, constraint: candidate)
            for encoding in NumericEncoding.allCases {
                if case .formula(let compiled) = BitCompiler.compile(comparison, domain: domain, encoding: encoding),
                   compiled.sortedChildren() == target {
                    return comparison
                }
            }
        }
        return nil
    }

    /// The smallest (or largest) encoded value whose bits satisfy `node`:
    /// a depth-first search from the top bit, pruned by three-valued
    /// evaluation, with a step budget so that a hostile tree stays cheap.
    private static func extremeSatisfyingValue(_ node: PolicyNode, key: String, width: Int, largest: Bool) -> Int? {
        var assigned = [Bool?](repeating: nil, count: width)
        var budget = 64 * (width + 1)
        func search(_ position: Int) -> Bool {
            if position < 0 { return node.threeValued(key: key, bits: assigned) == true }
            for choice in largest ? [true, false] : [false, true] {
                budget -= 1
                if budget < 0 { return false }
                assigned[position] = choice
                if node.threeValued(key: key, bits: assigned) != false, search(position - 1) { return true }
            }
            assigned[position] = nil
            return false
        }
        guard search(width - 1) else { return nil }
        return assigned.enumerated().reduce(0) { value, bit in bit.element == true ? value | (1 << bit.offset) : value }
    }

    /// Kleene evaluation over one key's bits, nil where unassigned bits decide.
    private func threeValued(key: String, bits: [Bool?]) -> Bool? {
        switch self {
        case .attribute(.bit(let k, let position, let isSet)):
            guard k == key else { return false }
            guard position < bits.count else { return !isSet }
            return bits[position].map { $0 == isSet }
        case .attribute, .comparison:
            return false
        case .and(let children):
            var result: Bool? = true
            for child in children {
                switch child.threeValued(key: key, bits: bits) {
                case false: return false
                case nil: result = nil
                default: break
                }
            }
            return result
        case .or(let children):
            var result: Bool? = false
            for child in children {
                switch child.threeValued(key: key, bits: bits) {
                case true: return true
                case nil: result = nil
                default: break
                }
            }
            return result
        case .threshold(let k, let children):
            let values = children.map { $0.threeValued(key: key, bits: bits) }
            let sure = values.filter { $0 == true }.count
            let possible = sure + values.filter { $0 == nil }.count
            if sure >= k { return true }
            if possible < k { return false }
            return nil
        }
    }
}

extension AttributeCatalog {
    /// The domain of a numeric key, or nil for flags, valued keys and keys it does not list.
    public func numericDomain(forKey key: String) -> NumericDomain? {
        guard case .numeric(let domain)? = entry(forKey: key)?.kind else { return nil }
        return domain
    }
}
