import ABE

/// A policy tree with each subtree's canonical key and attribute counts,
/// computed once, bottom up.
struct KeyedTree {
    let node: PolicyNode
    let key: String
    let children: [KeyedTree]
    let counts: [Attribute: Int]

    init(_ node: PolicyNode) {
        self.node = node
        switch node {
        case .attribute(let attribute):
            key = CanonicalKey.of(node)
            children = []
            counts = [attribute: 1]
        case .comparison:
            key = CanonicalKey.of(node)
            children = []
            counts = [:]
        case .and(let items), .or(let items), .threshold(_, let items):
            children = items.map(KeyedTree.init)
            key = CanonicalKey.gate(CanonicalKey.prefix(of: node), children.map(\.key))
            var total: [Attribute: Int] = [:]
            for child in children { total.merge(child.counts, uniquingKeysWith: +) }
            counts = total
        }
    }
}

/// Finds the parts of a bit-level policy that can be optimized on their own:
/// maximal subtrees (gates, not the root) whose attributes occur nowhere
/// else in the policy except in copies of the same subtree. A compiled
/// comparison such as `clearance >= 3` → `clearance#b2=1 OR (clearance#b1=1
/// AND clearance#b0=1)` is the typical block. Replacing each block by one
/// literal keeps the sums of products small, lets the factoring pull a
/// repeated comparison out as a whole, and lets the tuned policy keep the
/// comparison as written.
enum BlockAbstraction {
    /// The canonical keys of the blocks of `tree`.
    static func blocks(in tree: KeyedTree) -> Set<String> {
        var copies: [String: Int] = [:]
        func count(_ node: KeyedTree) {
            guard !node.children.isEmpty else { return }
            copies[node.key, default: 0] += 1
            node.children.forEach(count)
        }
        tree.children.forEach(count)

        var blocks: Set<String> = []
        func visit(_ node: KeyedTree) {
            guard !node.children.isEmpty else { return }
            let copyCount = copies[node.key] ?? 1
            if node.counts.allSatisfy({ tree.counts[$0.key] == $0.value * copyCount }) {
                blocks.insert(node.key)
            } else {
                node.children.forEach(visit)
            }
        }
        tree.children.forEach(visit)
        return blocks
    }
}
