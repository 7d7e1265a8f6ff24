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

    /// MTH over leaf hashes. Pairing neighbours level by level and carrying an
    /// odd last node up unchanged builds exactly the RFC 6962 tree, without
    /// recursion. The empty tree's root is SHA-256 of nothing.
    public static func root(leafHashes: [Digest32]) -> Digest32 {
        guard !leafHashes.isEmpty else { return SHA256.hash([]) }
        var level = leafHashes
        while level.count > 1 {
            var next: [Digest32] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(nodeHash(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }

    public static func root(leaves: [[UInt8]]) -> Digest32 { root(leafHashes: leaves.map(leafHash)) }

    /// The audit path PATH(m, D[n]) of RFC 6962 §2.1.1, nearest sibling first.
    public static func auditPath(index: Int, leafHashes: [Digest32]) throws -> [Digest32] {
        guard index >= 0, index < leafHashes.count else {
            throw LedgerError.invalidInput("leaf index \(index) is outside a tree of \(leafHashes.count) leaves")
        }
        var path: [Digest32] = []
        var m = index
        var range = leafHashes[...]
        // Walk down from the root; each split contributes the sibling subtree's
        // root, so the path is built top-down and reversed at the end.
        while range.count > 1 {
            let k = largestPowerOfTwo(below: range.count)
            let left = range.prefix(k), right = range.dropFirst(k)
            if m < k {
                path.append(root(leafHashes: Array(right)))
                range = left
            } else {
                path.append(root(leafHashes: Array(left)))
                range = right
                m -= k
            }
        }
        return path.reversed()
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

    static func largestPowerOfTwo(below n: Int) -> Int {
        precondition(n > 1)
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
