import ABE

/// Exact simplifications of a policy tree that never add a row:
/// deduplication (a ∨ a = a) and absorption (a ∨ (a ∧ b) = a,
/// a ∧ (a ∨ b) = a) among the children of each gate, bottom up.
enum TreeSimplification {
    static func simplified(_ node: PolicyNode) -> PolicyNode {
        switch node.normalized() {
        case .and(let children):
            return PolicyNode.and(reduce(children.map(simplified), isAnd: true)).normalized()
        case .or(let children):
            return PolicyNode.or(reduce(children.map(simplified), isAnd: false)).normalized()
        case .threshold(let k, let children):
            return PolicyNode.threshold(k, children.map(simplified)).normalized()
        case let leaf:
            return leaf
        }
    }

    /// Drops repeated children, and children absorbed by a sibling: in an
    /// OR, a child whose conjuncts include all of a sibling's; in an AND, a
    /// child whose disjuncts include all of a sibling's.
    private static func reduce(_ children: [PolicyNode], isAnd: Bool) -> [PolicyNode] {
        let keys = children.map { $0.sortedChildren() }
        func parts(_ key: PolicyNode) -> Set<PolicyNode> {
            switch (key, isAnd) {
            case (.or(let items), true), (.and(let items), false): return Set(items)
            default: return [key]
            }
        }
        let partSets = keys.map(parts)
        var kept: [PolicyNode] = []
        for index in children.indices {
            let absorbed = children.indices.contains { other in
                guard other != index else { return false }
                if keys[other] == keys[index] { return other < index }
                return partSets[other].isSubset(of: partSets[index])
            }
            if !absorbed { kept.append(children[index]) }
        }
        return kept
    }
}
