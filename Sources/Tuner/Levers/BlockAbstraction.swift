import ABE

/// Finds the parts of a bit-level policy that can be optimized on their own:
/// maximal subtrees (gates, not the root) whose attributes occur nowhere
/// else in the policy except in copies of the same subtree. A compiled
/// comparison such as `clearance >= 3` → `clearance#b2=1 OR (clearance#b1=1
/// AND clearance#b0=1)` is the typical block. Replacing each block by one
/// literal keeps the sums of products small, lets the factoring pull a
/// repeated comparison out as a whole, and lets the tuned policy keep the
/// comparison as written.
enum BlockAbstraction {
    /// The blocks of `tree`, as their `sortedChildren()` forms.
    static func blocks(in tree: PolicyNode) -> Set<PolicyNode> {
        var totals: [Attribute: Int] = [:]
        for case .attribute(let attribute) in tree.leaves { totals[attribute, default: 0] += 1 }
        var copies: [PolicyNode: Int] = [:]
        func count(_ node: PolicyNode) {
            guard !node.isLeaf else { return }
            copies[node.sortedChildren(), default: 0] += 1
            node.children.forEach(count)
        }
        tree.children.forEach(count)

        var blocks: Set<PolicyNode> = []
        func visit(_ node: PolicyNode) {
            guard !node.isLeaf else { return }
            let key = node.sortedChildren()
            let copyCount = copies[key] ?? 1
            var inside: [Attribute: Int] = [:]
            for case .attribute(let attribute) in node.leaves { inside[attribute, default: 0] += 1 }
            if inside.allSatisfy({ totals[$0.key] == $0.value * copyCount }) {
                blocks.insert(key)
            } else {
                node.children.forEach(visit)
            }
        }
        tree.children.forEach(visit)
        return blocks
    }
}
