import Testing
@testable import Ledger

@Suite struct MerkleTreeTests {
    /// MTH written straight from RFC 6962 §2.1, recursively, as a reference
    /// for the iterative implementation.
    func referenceRoot(_ leaves: ArraySlice<[UInt8]>) -> Digest32 {
        switch leaves.count {
        case 0: return SHA256.hash([])
        case 1: return SHA256.hash([0x00], leaves[leaves.startIndex])
        default:
            var k = 1
            while k * 2 < leaves.count { k *= 2 }
            let left = referenceRoot(leaves.prefix(k)), right = referenceRoot(leaves.dropFirst(k))
            return SHA256.hash([0x01], left.bytes, right.bytes)
        }
    }

    /// PATH(m, D[n]) written straight from RFC 6962 §2.1.1, recursively.
    func referencePath(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [Digest32] {
        guard leaves.count > 1 else { return [] }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        if m < k { return referencePath(m, leaves.prefix(k)) + [referenceRoot(leaves.dropFirst(k))] }
        return referencePath(m - k, leaves.dropFirst(k)) + [referenceRoot(leaves.prefix(k))]
    }

    func leaves(_ n: Int) -> [[UInt8]] { (0..<n).map { Array("leaf \($0)".utf8) } }

    @Test func knownAnswersWithDomainSeparation() {
        // The empty tree and the empty leaf of Certificate Transparency.
        #expect(MerkleTree.root(leaves: []).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleTree.leafHash([]).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        // A leaf is not hashed bare, so it differs from plain SHA-256.
        #expect(MerkleTree.leafHash(Array("x".utf8)) != SHA256.hash(Array("x".utf8)))
        // An inner node cannot pose as a leaf holding the two child hashes.
        let a = MerkleTree.leafHash(Array("a".utf8)), b = MerkleTree.leafHash(Array("b".utf8))
        #expect(MerkleTree.nodeHash(a, b) != MerkleTree.leafHash(a.bytes + b.bytes))
    }

    @Test(arguments: Array(1...33))
    func rootMatchesTheRfcDefinition(size: Int) {
        let data = leaves(size)
        #expect(MerkleTree.root(leaves: data) == referenceRoot(data[...]))
    }

    @Test(arguments: Array(1...33))
    func auditPathsMatchTheRfcDefinition(size: Int) throws {
        let data = leaves(size)
        let all = MerkleTree.auditPaths(leafHashes: data.map(MerkleTree.leafHash))
        #expect(all.count == size)
        for index in 0..<size {
            let reference = referencePath(index, data[...])
            #expect(all[index] == reference, "leaf \(index) of \(size)")
            #expect(try MerkleTree.auditPath(index: index, leafHashes: data.map(MerkleTree.leafHash)) == reference)
        }
    }

    @Test(arguments: [1, 2, 3, 5, 7, 8, 13, 16, 31])
    func everyLeafHasAProofThatVerifies(size: Int) throws {
        let hashes = leaves(size).map(MerkleTree.leafHash)
        let root = MerkleTree.root(leafHashes: hashes)
        for index in 0..<size {
            let path = try MerkleTree.auditPath(index: index, leafHashes: hashes)
            #expect(MerkleTree.verifyInclusion(leafHash: hashes[index], index: UInt64(index),
                                               treeSize: UInt64(size), path: path, root: root))
        }
    }

    @Test func alteredProofsFail() throws {
        let size = 11
        let hashes = leaves(size).map(MerkleTree.leafHash)
        let root = MerkleTree.root(leafHashes: hashes)
        let index = 6
        let path = try MerkleTree.auditPath(index: index, leafHashes: hashes)
        func verifies(leaf: Digest32 = hashes[index], index: UInt64 = 6, size: UInt64 = 11,
                      path: [Digest32], root: Digest32 = root) -> Bool {
            MerkleTree.verifyInclusion(leafHash: leaf, index: index, treeSize: size, path: path, root: root)
        }
        #expect(verifies(path: path))
        for i in path.indices {
            var altered = path
            var bytes = altered[i].bytes
            bytes[0] ^= 0x80
            altered[i] = Digest32(unchecked: bytes)
            #expect(!verifies(path: altered), "altering path element \(i) must break the proof")
        }
        #expect(!verifies(leaf: hashes[5], path: path))
        #expect(!verifies(index: 7, path: path))
        #expect(!verifies(index: 11, path: path))
        // Sizes that change the tree's shape around the leaf break the proof.
        // (Sizes that do not, such as 12, give the same root: the tree size is
        // authenticated separately, by the signed header's transaction count.)
        #expect(!verifies(size: 8, path: path))
        #expect(!verifies(size: 7, path: path))
        #expect(!verifies(size: 6, path: path))
        #expect(!verifies(path: Array(path.dropLast())))
        #expect(!verifies(path: path + [hashes[0]]))
        #expect(!verifies(path: path, root: MerkleTree.leafHash([])))
        // A leaf's data hashed without the 0x00 prefix is refused.
        #expect(!verifies(leaf: SHA256.hash(Array("leaf 6".utf8)), path: path))
        #expect(throws: LedgerError.self) { try MerkleTree.auditPath(index: 11, leafHashes: hashes) }
    }
}
