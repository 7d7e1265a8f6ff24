/// Structural normalization: one tree for the many ways of writing it.
extension PolicyNode {
    /// Flattens `a AND (b AND c)` into `a AND b AND c` (likewise OR), drops
    /// single-child gates, and turns `1 of (…)` into OR and `n of (n items)`
    /// into AND, which say the same with a smaller LSSS. Thresholds with
    /// k = 0 or k > n are kept so that the checker can refuse them.
    /// Child order is kept: it fixes the order of LSSS rows.
    public func normalized() -> PolicyNode {
        switch self {
        case .attribute, .comparison:
            return self
        case .and(let children):
            return Self.flattened(children.map { $0.normalized() }, isAnd: true)
        case .or(let children):
            return Self.flattened(children.map { $0.normalized() }, isAnd: false)
        case .threshold(let k, let children):
            let normalizedChildren = children.map { $0.normalized() }
            if k == 1 { return Self.flattened(normalizedChildren, isAnd: false) }
            if k == children.count { return Self.flattened(normalizedChildren, isAnd: true) }
            return .threshold(k, normalizedChildren)
        }
    }

    private static func flattened(_ children: [PolicyNode], isAnd: Bool) -> PolicyNode {
        var flat: [PolicyNode] = []
        for child in children {
            switch (child, isAnd) {
            case (.and(let grandchildren), true), (.or(let grandchildren), false):
                flat.append(contentsOf: grandchildren)
            default:
                flat.append(child)
            }
        }
        if flat.count == 1 { return flat[0] }
        return isAnd ? .and(flat) : .or(flat)
    }

    /// The normalized tree with every gate's children sorted by their
    /// canonical text: equal for policies that differ only in order.
    public func sortedChildren() -> PolicyNode {
        func sorted(_ children: [PolicyNode]) -> [PolicyNode] {
            children.map { $0.sortedChildren() }
                .map { ($0.canonicalText, $0) }
                .sorted { $0.0 < $1.0 }
                .map(\.1)
        }
        switch normalized() {
        case .and(let children): return .and(sorted(children))
        case .or(let children): return .or(sorted(children))
        case .threshold(let k, let children): return .threshold(k, sorted(children))
        case let leaf: return leaf
        }
    }
}
