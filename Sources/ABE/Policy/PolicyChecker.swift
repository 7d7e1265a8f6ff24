/// The meaning checks shared by text, JSON and trees built in code: catalog
/// membership, numeric ranges, threshold bounds and constant comparisons.
struct PolicyChecker {
    let options: PolicyOptions
    /// Domains of compared keys given with the tree (binary encodings);
    /// when set, no domain is taken from the catalog.
    var fixedDomains: [String: NumericDomain]? = nil

    func check(_ attribute: Attribute) throws(PolicyError) {
        if case .bit = attribute, !options.allowBitAttributes {
            throw PolicyError(.handWrittenBitAttribute(attribute.description))
        }
        try options.catalog.check(attribute, allowUnknown: options.allowUnknownAttributes)
    }

    /// Checks a comparison and returns its domain and whether it holds for
    /// every issued value (constant-false comparisons are refused here).
    func check(_ comparison: NumericComparison) throws(PolicyError) -> (domain: NumericDomain, alwaysTrue: Bool) {
        let key = comparison.key
        let literals: [NumericLiteral]
        switch comparison.constraint {
        case .compare(_, let value): literals = [value]
        case .range(let low, let high): literals = [low, high]
        }
        let domain: NumericDomain
        if let fixedDomains {
            guard let fixed = fixedDomains[key] else { throw PolicyError(.unknownKey(key, suggestion: nil)) }
            domain = fixed
        } else {
            domain = try options.catalog.numericDomain(forKey: key, literalKind: comparison.literalKind,
                                                       allowUnknown: options.allowUnknownAttributes)
        }
        for literal in literals {
            guard literal.kind == domain.kind else {
                throw PolicyError(.wrongLiteralKind(key: key, expected: domain.kind, found: "\(literal)"))
            }
            guard domain.contains(literal.integerValue) else {
                throw PolicyError(.valueOutOfRange(key: key, value: "\(literal)", domain: domain.description))
            }
        }
        // The values of the domain that satisfy the comparison form one interval.
        let low: Int
        let high: Int
        switch comparison.constraint {
        case .compare(let op, let literal):
            let c = literal.integerValue
            switch op {
            case .greaterOrEqual: (low, high) = (c, domain.maximum)
            case .greater: (low, high) = (c + 1, domain.maximum)
            case .lessOrEqual: (low, high) = (domain.minimum, c)
            case .less: (low, high) = (domain.minimum, c - 1)
            case .equal: (low, high) = (c, c)
            }
        case .range(let first, let last):
            guard first.integerValue <= last.integerValue else {
                throw PolicyError(.emptyRange(comparison.description))
            }
            (low, high) = (first.integerValue, last.integerValue)
        }
        let issued = Self.issuedValues(domain)
        if low > high {
            throw PolicyError(.unsatisfiableComparison(comparison: comparison.description, domain: issued))
        }
        return (domain, low <= domain.minimum && high >= domain.maximum)
    }

    func checkThreshold(k: Int, children: Int) throws(PolicyError) {
        if k < 1 { throw PolicyError(k == 0 ? .zeroThreshold : .thresholdBelowOne(k)) }
        if k > children { throw PolicyError(.thresholdTooLarge(k: k, children: children)) }
    }

    /// Checks a whole normalized tree; `locate` maps a leaf's left-to-right
    /// index to its place in the text, when there is text.
    /// Returns the numeric domains of the keys that are compared.
    func check(tree root: PolicyNode,
               locate: (Int) -> SourceLocation?) throws(PolicyError) -> [String: NumericDomain] {
        var domains: [String: NumericDomain] = [:]
        var alwaysTrueLeaves: [(index: Int, comparison: NumericComparison, domain: NumericDomain)] = []
        var leafIndex = 0

        // Returns whether the node holds for every key (only possible
        // through comparisons that hold for every issued value).
        func visit(_ node: PolicyNode, depth: Int) throws(PolicyError) -> Bool {
            if depth > options.limits.maxDepth {
                throw PolicyError(.nestingTooDeep(limit: options.limits.maxDepth), at: locate(leafIndex))
            }
            switch node {
            case .attribute(let attribute):
                defer { leafIndex += 1 }
                do throws(PolicyError) { try check(attribute) } catch {
                    throw PolicyError(error.kind, at: locate(leafIndex))
                }
                return false
            case .comparison(let comparison):
                defer { leafIndex += 1 }
                do throws(PolicyError) {
                    let (domain, alwaysTrue) = try check(comparison)
                    domains[comparison.key] = domain
                    if alwaysTrue { alwaysTrueLeaves.append((leafIndex, comparison, domain)) }
                    return alwaysTrue
                } catch {
                    throw PolicyError(error.kind, at: locate(leafIndex))
                }
            case .and(let children):
                guard !children.isEmpty else { throw PolicyError(.emptyGate(isAnd: true), at: locate(leafIndex)) }
                return try countTrue(children, depth: depth) == children.count
            case .or(let children):
                guard !children.isEmpty else { throw PolicyError(.emptyGate(isAnd: false), at: locate(leafIndex)) }
                return try countTrue(children, depth: depth) > 0
            case .threshold(let k, let children):
                do throws(PolicyError) { try checkThreshold(k: k, children: children.count) } catch {
                    throw PolicyError(error.kind, at: locate(leafIndex))
                }
                return try countTrue(children, depth: depth) >= k
            }
        }

        func countTrue(_ children: [PolicyNode], depth: Int) throws(PolicyError) -> Int {
            var count = 0
            for child in children {
                if try visit(child, depth: depth + 1) { count += 1 }
            }
            return count
        }

        let trivial = try visit(root, depth: 1)
        if let first = alwaysTrueLeaves.first {
            let text = first.comparison.description
            let issued = Self.issuedValues(first.domain)
            throw PolicyError(trivial ? .trivialPolicy(comparison: text, domain: issued)
                                      : .redundantComparison(comparison: text, domain: issued),
                              at: locate(first.index))
        }
        return domains
    }

    static func issuedValues(_ domain: NumericDomain) -> String {
        "\(domain.literal(domain.minimum))…\(domain.literal(domain.maximum))"
    }
}
