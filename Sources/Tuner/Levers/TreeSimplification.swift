import ABE

/// Exact simplifications of a policy tree that never add a row:
/// deduplication (a ∨ a = a) and absorption (a ∨ (a ∧ b) = a,
/// a ∧ (a ∨ b) = a) among the children of each gate, bottom up.
enum TreeSimplification {
    static func simplified(_ node: PolicyNode) -> PolicyNode {
        simplify(node.normalized()).node
    }

    /// The simplified tree and its canonical key.
    private static func simplify(_ node: PolicyNode) -> (node: PolicyNode, key: String) {
        switch node {
        case .attribute, .comparison:
            return (node, CanonicalKey.of(node))
        case .threshold(let k, let children):
            let parts = children.map(simplify)
            let result = PolicyNode.threshold(k, parts.map(\.node))
            return (result, CanonicalKey.gate(CanonicalKey.prefix(of: result), parts.map(\.key)))
        case .and(let children), .or(let children):
            let isAnd: Bool
            if case .and = node { isAnd = true } else { isAnd = false }
            let kept = reduce(children.map(simplify), isAnd: isAnd)
            if kept.count == 1 { return kept[0] }
            let result = (isAnd ? PolicyNode.and(kept.map(\.node)) : PolicyNode.or(kept.map(\.node))).normalized()
            // A child that collapsed into a gate of this kind was flattened into it.
            let flattened = kept.contains { CanonicalKey.prefix(of: $0.node) == CanonicalKey.prefix(of: result) }
            return (result, flattened ? CanonicalKey.of(result)
                                      : CanonicalKey.gate(CanonicalKey.prefix(of: result), kept.map(\.key)))
        }
    }

    /// Drops repeated children, and children absorbed by a sibling: in an
    /// OR, a child whose conjuncts include all of a sibling's; in an AND, a
    /// child whose disjuncts include all of a sibling's.
    private static func reduce(_ children: [(node: PolicyNode, key: String)], isAnd: Bool) -> [(node: PolicyNode, key: String)] {
        let partSets: [Set<String>] = children.map { child in
            switch (child.node, isAnd) {
            case (.or(let items), true), (.and(let items), false): return Set(items.map(CanonicalKey.of))
            default: return [child.key]
            }
        }
        var kept: [(node: PolicyNode, key: String)] = []
        for index in children.indices {
            let absorbed = children.indices.contains { other in
                guard other != index else { return false }
                if children[other].key == children[index].key { return other < index }
                return partSets[other].isSubset(of: partSets[index])
            }
            if !absorbed { kept.append(children[index]) }
        }
        return kept
    }
}
