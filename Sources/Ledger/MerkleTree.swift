/// Merkle trees as in RFC 6962 §2.1 (Certificate Transparency): leaves and
/// inner nodes are domain-separated, so no leaf can pose as a subtree.
///
///     leaf hash = SHA-256(0x00 ‖ data)
///     node hash = SHA-256(0x01 ‖ left ‖ right)
///     MTH(D[n]) splits at k, the largest power of two below n.
public enum MerkleTree {
    public static func leafHash(_ data: [UInt8]) -> Digest32 { SHA256.hash([0x00], data) }

    public static func nodeHash(_ left: Digest32, _ right: Digest32) -> Digest32 {
        SHA256.hash([0x01], left.bytes, right.bytes)
    }

    /// MTH over leaf hashes. The empty tree's root is SHA-256 of nothing.
    public static func root(leafHashes: [Digest32]) -> Digest32 {
        guard !leafHashes.isEmpty else { return SHA256.hash([]) }
        return levels(leafHashes).last![0]
    }

    public static func root(leaves: [[UInt8]]) -> Digest32 { root(leafHashes: leaves.map(leafHash)) }

    /// The audit path PATH(m, D[n]) of RFC 6962 §2.1.1, nearest sibling first.
    public static func auditPath(index: Int, leafHashes: [Digest32]) throws -> [Digest32] {
        guard index >= 0, index < leafHashes.count else {
            throw LedgerError.invalidInput("leaf index \(index) is outside a tree of \(leafHashes.count) leaves")
        }
        return path(of: index, in: levels(leafHashes))
    }

    /// Every leaf's audit path from one build of the tree: n log n hashes,
    /// where n separate `auditPath` calls cost n² (a block's anchors all get
    /// their proofs when it is sealed).
    public static func auditPaths(leafHashes: [Digest32]) -> [[Digest32]] {
        let levels = levels(leafHashes)
        return leafHashes.indices.map { path(of: $0, in: levels) }
    }

    /// The tree level by level, leaves first and the root alone last.
    /// Pairing neighbours and carrying an odd last node up unchanged builds
    /// exactly the RFC 6962 tree (its left subtree is always the largest
    /// power of two), without recursion. `leafHashes` is not empty.
    private static func levels(_ leafHashes: [Digest32]) -> [[Digest32]] {
        var levels = [leafHashes]
        while let level = levels.last, level.count > 1 {
            var next: [Digest32] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(nodeHash(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            levels.append(next)
        }
        return levels
    }

    /// In the level-by-level tree a leaf's path is its ancestors' siblings,
    /// bottom up. An ancestor carried up without a sibling adds nothing: in
    /// RFC 6962's recursion that level is no split.
    private static func path(of index: Int, in levels: [[Digest32]]) -> [Digest32] {
        var path: [Digest32] = []
        var node = index
        for level in levels.dropLast() {
            let sibling = node ^ 1
            if sibling < level.count { path.append(level[sibling]) }
            node >>= 1
        }
        return path
    }

    /// Checks an inclusion proof as in RFC 9162 §2.1.3.2.
    public static func verifyInclusion(leafHash: Digest32, index: UInt64, treeSize: UInt64,
                                       path: [Digest32], root: Digest32) -> Bool {
        guard index < treeSize else { return false }
        var fn = index, sn = treeSize - 1
        var r = leafHash
        for p in path {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }
}
