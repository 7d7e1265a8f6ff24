import ABE

/// A policy compiled to bits for the search, with the comparisons that can
/// still be shown as written: a bit formula found here (in its
/// `CanonicalKey`) is exactly what `Policy` compiles the
/// comparison to.
struct NumericPreparation {
    var bits: PolicyNode
    var comparisons: [String: ShownComparison]
}

/// A comparison and the exact bit formula `Policy` compiles it to.
struct ShownComparison: Hashable {
    let comparison: NumericComparison
    let formula: PolicyNode
}

/// The numeric levers: how comparisons are written in bits. All of them
/// keep the answer for every key the catalog can issue (a key holds either
/// no value for a key or the bits of one value in the catalog's range), so
/// their results are proven over issued keys:
/// - comparisons of one key under one AND are intersected into one range,
///   overlapping or adjacent ones under one OR are united;
/// - a comparison is restated by the interval it admits inside the
///   catalog's range (`valid_until in [2030-01-01, 2059-12-31]` is
///   `valid_until >= 2030-01-01` when 2059-12-31 is the catalog's maximum);
/// - each range may use either encoding (shared prefix or both bounds);
/// - when the catalog widens a key beyond what its range needs, the high
///   bits that every issued value leaves at 0 are dropped.
/// Each comparison gets the variant with the fewest rows, then the shortest text.
enum NumericLevers {
    static func prepare(_ policy: Policy, enabled: Bool) -> NumericPreparation {
        var comparisons: [String: ShownComparison] = [:]
        guard enabled else {
            // Exactly what the policy encrypts under.
            for case .comparison(let comparison) in policy.root.leaves {
                if let formula = compile(comparison, policy.domains, policy.numericEncoding) {
                    comparisons[CanonicalKey.of(formula)] = ShownComparison(comparison: comparison, formula: formula)
                }
            }
            return NumericPreparation(bits: policy.compiled, comparisons: comparisons)
        }
        let merged = mergeComparisons(policy.root, domains: policy.domains)
        func substitute(_ node: PolicyNode) -> PolicyNode {
            switch node {
            case .attribute: return node
            case .comparison(let comparison):
                guard let (formula, shown) = bestVariant(comparison, policy.domains, policy.numericEncoding) else {
                    return compile(comparison, policy.domains, policy.numericEncoding) ?? .or([])
                }
                if let shown { comparisons[CanonicalKey.of(formula)] = ShownComparison(comparison: shown, formula: formula) }
                return formula
            case .and(let children): return .and(children.map(substitute))
            case .or(let children): return .or(children.map(substitute))
            case .threshold(let k, let children): return .threshold(k, children.map(substitute))
            }
        }
        return NumericPreparation(bits: substitute(merged).normalized(), comparisons: comparisons)
    }

    static func compile(_ comparison: NumericComparison, _ domains: [String: NumericDomain],
                        _ encoding: NumericEncoding) -> PolicyNode? {
        guard let domain = domains[comparison.key],
              case .formula(let formula) = BitCompiler.compile(comparison, domain: domain, encoding: encoding) else { return nil }
        return formula.normalized()
    }

    /// The smallest bit formula for the values `comparison` admits within
    /// its domain, and the comparison that compiles to exactly that formula
    /// under the policy's own encoding, if one does.
    static func bestVariant(_ comparison: NumericComparison, _ domains: [String: NumericDomain],
                            _ encoding: NumericEncoding) -> (PolicyNode, NumericComparison?)? {
        guard let domain = domains[comparison.key], let interval = interval(of: comparison, in: domain) else { return nil }
        var statements = [comparison]
        if let restated = statement(comparison.key, interval, domain), restated != comparison { statements.append(restated) }
        var widths = [domain]
        let narrowest = NumericDomain.bitsNeeded(domain.maximum - domain.minimum)
        if narrowest < domain.width,
           let narrow = try? NumericDomain(kind: domain.kind, minimum: domain.minimum, maximum: domain.maximum, width: narrowest) {
            widths.append(narrow)
        }
        var best: (formula: PolicyNode, shape: Shape, shown: NumericComparison?)?
        for statement in statements {
            for width in widths {
                for variant in [encoding] + NumericEncoding.allCases.filter({ $0 != encoding }) {
                    guard case .formula(let raw) = BitCompiler.compile(statement, domain: width, encoding: variant) else { continue }
                    let formula = raw.normalized()
                    let shape = Shape(of: formula)
                    // Shown as a comparison only if `Policy` would compile it to this very formula.
                    let shown = (width == domain && variant == encoding) ? statement : nil
                    if let current = best {
                        let better = (shape.rows, shape.textLength) < (current.shape.rows, current.shape.textLength)
                        let sameButShowable = (shape.rows, shape.textLength) == (current.shape.rows, current.shape.textLength)
                            && current.shown == nil && shown != nil
                        guard better || sameButShowable else { continue }
                    }
                    best = (formula, shape, shown)
                }
            }
        }
        return best.map { ($0.formula, $0.shown) }
    }

    /// The values a comparison admits, clipped to the domain.
    static func interval(of comparison: NumericComparison, in domain: NumericDomain) -> ClosedRange<Int>? {
        let low: Int, high: Int
        switch comparison.constraint {
        case .compare(let op, let literal):
            let value = literal.integerValue
            switch op {
            case .greaterOrEqual: (low, high) = (value, domain.maximum)
            case .greater: (low, high) = (value + 1, domain.maximum)
            case .lessOrEqual: (low, high) = (domain.minimum, value)
            case .less: (low, high) = (domain.minimum, value - 1)
            case .equal: (low, high) = (value, value)
            }
        case .range(let a, let b):
            (low, high) = (a.integerValue, b.integerValue)
        }
        let clipped = (max(low, domain.minimum), min(high, domain.maximum))
        return clipped.0 <= clipped.1 ? clipped.0...clipped.1 : nil
    }

    /// The plainest comparison admitting exactly `interval` within the
    /// domain; nil for the whole domain (no comparison restricts nothing).
    static func statement(_ key: String, _ interval: ClosedRange<Int>, _ domain: NumericDomain) -> NumericComparison? {
        let (low, high) = (interval.lowerBound, interval.upperBound)
        if low <= domain.minimum && high >= domain.maximum { return nil }
        if low == high { return NumericComparison(key, .equal, domain.literal(low)) }
        if low <= domain.minimum { return NumericComparison(key, .lessOrEqual, domain.literal(high)) }
        if high >= domain.maximum { return NumericComparison(key, .greaterOrEqual, domain.literal(low)) }
        return NumericComparison(key: key, constraint: .range(domain.literal(low), domain.literal(high)))
    }

    /// Intersects comparisons of one key under an AND, unites overlapping
    /// or adjacent ones under an OR (a key without a value fails them all
    /// either way, so both are exact for issued keys).
    static func mergeComparisons(_ node: PolicyNode, domains: [String: NumericDomain]) -> PolicyNode {
        switch node {
        case .attribute, .comparison:
            return node
        case .threshold(let k, let children):
            return .threshold(k, children.map { mergeComparisons($0, domains: domains) })
        case .and(let children), .or(let children):
            let isAnd: Bool
            if case .and = node { isAnd = true } else { isAnd = false }
            let merged = mergeSiblings(children.map { mergeComparisons($0, domains: domains) }, isAnd: isAnd, domains: domains)
            return (isAnd ? PolicyNode.and(merged) : PolicyNode.or(merged)).normalized()
        }
    }

    private static func mergeSiblings(_ children: [PolicyNode], isAnd: Bool,
                                      domains: [String: NumericDomain]) -> [PolicyNode] {
        var byKey: [String: [(index: Int, interval: ClosedRange<Int>)]] = [:]
        for (index, child) in children.enumerated() {
            guard case .comparison(let comparison) = child, let domain = domains[comparison.key],
                  let interval = interval(of: comparison, in: domain) else { continue }
            byKey[comparison.key, default: []].append((index, interval))
        }
        var replacement: [Int: [PolicyNode]] = [:]
        for (key, group) in byKey where group.count > 1 {
            guard let domain = domains[key] else { continue }
            let intervals = group.map(\.interval)
            let result: [ClosedRange<Int>]
            if isAnd {
                let low = intervals.map(\.lowerBound).max()!, high = intervals.map(\.upperBound).min()!
                guard low <= high else { continue }  // contradictory: left as written
                result = [low...high]
            } else {
                result = unite(intervals)
            }
            let statements = result.compactMap { statement(key, $0, domain) }
            guard statements.count == result.count, statements.count < group.count else { continue }
            for (position, member) in group.enumerated() {
                replacement[member.index] = position == 0 ? statements.map { .comparison($0) } : []
            }
        }
        return children.indices.flatMap { replacement[$0] ?? [children[$0]] }
    }

    /// Overlapping or adjacent intervals joined, in increasing order.
    static func unite(_ intervals: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for interval in intervals.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, interval.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, interval.upperBound)
            } else {
                result.append(interval)
            }
        }
        return result
    }
}
