import Testing
@testable import Ledger
@testable import LedgerSQLite

@Suite struct SignatureVerifierTests {
    func checks(_ count: Int, bad: Set<Int>) throws -> [SignatureCheck] {
        let key = try SigningKey.generate()
        return try (0..<count).map { i in
            let message = Array("message \(i)".utf8)
            var signature = try key.sign(message)
            if bad.contains(i) { signature[3] ^= 0x40 }
            return SignatureCheck(key: key.publicKey, subject: .approval(message: message, signature: signature, admin: "a-\(i)"))
        }
    }

    @Test func reportsTheEarliestFailureWhateverTheThreadTiming() throws {
        let all = try checks(1500, bad: [1203, 377, 902])
        for chunk in [1, 7, 128] {
            let verifier = SignatureVerifier(chunkSize: chunk, maxChunksInFlight: 4)
            for (i, check) in all.enumerated() { verifier.add(check, at: .init(height: UInt64(i / 100), position: i % 100)) }
            let failure = try #require(verifier.finish())
            #expect(failure.order == .init(height: 3, position: 77), "chunk size \(chunk)")
            #expect(failure.check.failure == .badSignature("approval by 'a-377'"))
        }
        let clean = SignatureVerifier()
        for (i, check) in try checks(300, bad: []).enumerated() { clean.add(check, at: .init(height: 1, position: i)) }
        #expect(clean.finish() == nil)
        #expect(SignatureVerifier().finish() == nil)
    }

    @Test func blockLevelChecksComeBeforeTheBlocksTransactions() {
        #expect(SignatureVerifier.Order(height: 4, position: nil) < .init(height: 4, position: 0))
        #expect(SignatureVerifier.Order(height: 3, position: 99) < .init(height: 4, position: nil))
    }

    /// Two blocks re-sealed by the real validator key with bad transaction
    /// signatures inside: replay names the earlier one.
    @Test func replayReportsTheFirstBadSignatureAcrossBlocks() throws {
        let chain = try TestChain()
        for _ in 0..<6 { try chain.appendAnchors(50) }
        let db = try SQLiteDatabase(path: chain.directory.chainPath, mode: .readWrite)
        for (height, position) in [(5, 10), (2, 40)] {
            let block = try chain.ledger.block(at: UInt64(height))
            var leaves = block.transactions.map(\.encoded)
            leaves[position][leaves[position].count - 5] ^= 0x01
            let h = block.header
            let header = try BlockHeader(chainID: h.chainID, height: h.height, previousHash: h.previousHash,
                                         merkleRoot: MerkleTree.root(leaves: leaves), transactionCount: h.transactionCount,
                                         time: h.time, sealer: h.sealer)
            try db.prepare("UPDATE blocks SET header = ?1, seal = ?2 WHERE height = ?3")
                .run([.blob(header.canonicalBytes), .blob(try header.seal(with: chain.consortium.sealer.key)), .integer(Int64(height))])
            try db.prepare("UPDATE entries SET data = ?1 WHERE height = ?2 AND position = ?3")
                .run([.blob(leaves[position]), .integer(Int64(height)), .integer(Int64(position))])
        }
        let report = Chain.verify(store: try chain.reopenStore())
        #expect(report.failure?.height == 2)
        #expect(report.failure?.position == 40)
        #expect(report.failure?.reason.code == "bad-signature")
    }
}
