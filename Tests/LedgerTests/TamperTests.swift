import Testing
@testable import Ledger
@testable import LedgerSQLite

/// Changes made to chain.sqlite from outside the ledger, with a separate
/// SQLite connection, must be caught by verify at the right height.
@Suite struct TamperTests {
    /// A chain of genesis + 5 blocks of 4 anchors, verified intact.
    func makeChain() throws -> TestChain {
        let chain = try TestChain()
        for _ in 0..<5 { try chain.appendAnchors(4) }
        #expect(chain.ledger.verify().isValid)
        return chain
    }

    func verifyFromOutside(_ chain: TestChain) throws -> VerificationReport {
        Chain.verify(store: try chain.reopenStore())
    }

    func raw(_ chain: TestChain) throws -> SQLiteDatabase {
        try SQLiteDatabase(path: chain.directory.chainPath, mode: .readWrite)
    }

    func entry(_ db: SQLiteDatabase, height: Int, position: Int) throws -> [UInt8] {
        var data: [UInt8] = []
        try db.prepare("SELECT data FROM entries WHERE height = ?1 AND position = ?2")
            .forEachRow([.integer(Int64(height)), .integer(Int64(position))]) { data = $0.blob(0) }
        return data
    }

    func setEntry(_ db: SQLiteDatabase, height: Int, position: Int, _ data: [UInt8]) throws {
        try db.prepare("UPDATE entries SET data = ?1 WHERE height = ?2 AND position = ?3")
            .run([.blob(data), .integer(Int64(height)), .integer(Int64(position))])
    }

    @Test func changedTransactionByteIsCaughtAtItsHeight() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        var data = try entry(db, height: 3, position: 2)
        // Change one character of the record id: still a well-formed transaction.
        let at = try #require(data.firstRange(of: Array("rec-".utf8))).lowerBound
        data[at] = UInt8(ascii: "R")
        try setEntry(db, height: 3, position: 2, data)
        let report = try verifyFromOutside(chain)
        #expect(report.failure?.height == 3)
        #expect(report.failure?.reason.code == "broken-chain")
        #expect(report.failure?.reason.description.contains("Merkle root") == true)
        #expect(report.blocksVerified == 3)
        #expect(report.transactionsVerified == 8, "blocks 1 and 2 passed")
    }

    @Test func changedSignatureByteAndUndecodableBytesAreCaught() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        var data = try entry(db, height: 2, position: 0)
        data[data.count - 1] ^= 0x01
        try setEntry(db, height: 2, position: 0, data)
        #expect(try verifyFromOutside(chain).failure?.height == 2)

        var other = try entry(db, height: 4, position: 1)
        other.append(0)
        try setEntry(db, height: 4, position: 1, other)
        let report = try verifyFromOutside(chain)
        #expect(report.failure?.height == 2, "the first bad height is reported")
    }

    @Test func trailingBytesInAStoredTransactionAreMalformed() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        try setEntry(db, height: 4, position: 1, try entry(db, height: 4, position: 1) + [0])
        let report = try verifyFromOutside(chain)
        #expect(report.failure?.height == 4)
        #expect(report.failure?.reason.code == "malformed-encoding")
    }

    @Test func changedHeaderIsCaught() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        var stored: [UInt8] = []
        try db.prepare("SELECT header FROM blocks WHERE height = 2").forEachRow { stored = $0.blob(0) }
        // Move the block's time one second later: still after block 1, so
        // only the seal (and block 3's link) can tell.
        let h = try BlockHeader.decode(canonical: stored)
        let header = try BlockHeader(chainID: h.chainID, height: h.height, previousHash: h.previousHash,
                                     merkleRoot: h.merkleRoot, transactionCount: h.transactionCount,
                                     time: h.time + 1000, sealer: h.sealer).canonicalBytes
        #expect(header.count == stored.count && header != stored)
        try db.prepare("UPDATE blocks SET header = ?1 WHERE height = 2").run([.blob(header)])
        let report = try verifyFromOutside(chain)
        #expect(report.failure?.height == 2)
        #expect(report.failure?.reason.code == "bad-signature")
    }

    @Test func swappedBlocksAreCaught() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        try db.writeTransaction {
            try db.execute("""
                UPDATE blocks SET height = -1 WHERE height = 2;
                UPDATE blocks SET height = 2 WHERE height = 4;
                UPDATE blocks SET height = 4 WHERE height = -1;
                UPDATE entries SET height = -1 WHERE height = 2;
                UPDATE entries SET height = 2 WHERE height = 4;
                UPDATE entries SET height = 4 WHERE height = -1;
                """)
        }
        let report = try verifyFromOutside(chain)
        #expect(report.failure?.height == 2)
        #expect(report.failure?.reason.description.contains("claims height 4") == true)
    }

    @Test func deletedBlockIsCaught() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        try db.execute("DELETE FROM blocks WHERE height = 3; DELETE FROM entries WHERE height = 3;")
        let report = try verifyFromOutside(chain)
        #expect(report.failure?.height == 3)
        #expect(report.failure?.reason.description.contains("missing") == true)

        // Deleting only the transactions of a block is caught too.
        let second = try makeChain()
        try raw(second).execute("DELETE FROM entries WHERE height = 5 AND position = 3")
        let partial = try verifyFromOutside(second)
        #expect(partial.failure?.height == 5)
        #expect(partial.failure?.reason.code == "broken-chain")
    }

    /// An attacker with write access replaces a transaction with one of their
    /// own, recomputes the Merkle root and re-seals the block with a key that
    /// is not a member's.
    @Test func transactionResignedWithNonMemberKeyIsCaught() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        let mallory = Identity(memberID: "mallory", key: try SigningKey.generate())
        let block = try chain.ledger.block(at: 3)

        func forge(submitter: Identity, sealer: String, sealKey: SigningKey) throws {
            var txs = block.transactions
            let original = txs[1].body
            let forgedBody = try TransactionBody(chainID: original.chainID, submitter: submitter.memberID,
                                                 nonce: original.nonce, time: original.time,
                                                 payload: anchorPayload("forged-record"))
            txs[1] = try forgedBody.signed(with: submitter.key)
            let header = try BlockHeader(chainID: block.header.chainID, height: 3, previousHash: block.header.previousHash,
                                         merkleRoot: MerkleTree.root(leaves: txs.map(\.encoded)),
                                         transactionCount: UInt32(txs.count), time: block.header.time, sealer: sealer)
            try db.writeTransaction {
                try db.prepare("UPDATE blocks SET header = ?1, seal = ?2 WHERE height = 3")
                    .run([.blob(header.canonicalBytes), .blob(try header.seal(with: sealKey))])
                try setEntry(db, height: 3, position: 1, txs[1].encoded)
            }
        }

        // Mallory signs as herself and seals as herself.
        try forge(submitter: mallory, sealer: "mallory", sealKey: mallory.key)
        let asStranger = try verifyFromOutside(chain)
        #expect(asStranger.failure?.height == 3)
        #expect(asStranger.failure?.reason == .unknownMember("mallory"))

        // Mallory signs in a member's name and seals in the validator's name.
        let posing = Identity(memberID: "provider-1", key: mallory.key)
        try forge(submitter: posing, sealer: "admin-1", sealKey: mallory.key)
        let asMember = try verifyFromOutside(chain)
        #expect(asMember.failure?.height == 3)
        #expect(asMember.failure?.reason.code == "bad-signature")
    }

    @Test func changedGenesisMembersAreCaughtAtHeightZero() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        var genesis = try entry(db, height: 0, position: 0)
        let mallory = try SigningKey.generate()
        // Replace the last 32 bytes (the last member's public key) with Mallory's.
        genesis.replaceSubrange(genesis.count - 32..<genesis.count, with: mallory.publicKey.rawBytes)
        try setEntry(db, height: 0, position: 0, genesis)
        let report = try verifyFromOutside(chain)
        #expect(report.failure?.height == 0)
        #expect(report.failure?.reason.code == "broken-chain")
    }

    @Test func damagedViewsAreReportedAndRebuilt() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        try db.execute("UPDATE tx_index SET record_id = 'someone-else' WHERE height = 2 AND position = 0")
        let report = try verifyFromOutside(chain)
        #expect(report.isValid, "the chain itself is intact")
        #expect(report.viewProblem?.contains("block 2") == true)

        try db.execute("UPDATE members SET roles = 63 WHERE id = 'clinician-1'")
        try chain.ledger.rebuildViews()
        let repaired = try verifyFromOutside(chain)
        #expect(repaired.isValid)
        #expect(repaired.viewProblem == nil)
        #expect(chain.ledger.memberRecord("clinician-1")?.member.roles == [.clinician])
    }

    @Test func tamperedChainRefusesToOpenOrRebuildQuietly() throws {
        let chain = try makeChain()
        let db = try raw(chain)
        try db.execute("DELETE FROM blocks WHERE height = 2")
        #expect(throws: LedgerError.self) { try chain.ledger.rebuildViews() }
        // The failed rebuild left the views as they were.
        var rows = 0
        try db.prepare("SELECT COUNT(*) FROM tx_index").forEachRow { rows = Int($0.int64(0)) }
        #expect(rows == 20)
    }
}

@Suite struct TruncationTests {
    @Test func deletedNewestBlocksAreCaughtAgainstARecordedTip() throws {
        let chain = try TestChain()
        for _ in 0..<4 { try chain.appendAnchors(2) }
        let recorded = try #require(chain.ledger.verify().tipHash.map { BlockReference(height: 4, hash: $0) })
        #expect(try BlockReference(parsing: recorded.description) == recorded)
        #expect(chain.ledger.verify(expecting: recorded).isValid)

        let db = try SQLiteDatabase(path: chain.directory.chainPath, mode: .readWrite)
        try db.execute("DELETE FROM blocks WHERE height >= 3; DELETE FROM entries WHERE height >= 3;")
        let store = try chain.reopenStore()
        #expect(Chain.verify(store: store, checkViews: false).isValid, "a truncated chain is valid in itself")
        let report = Chain.verify(store: store, expecting: recorded)
        #expect(report.failure?.height == 4)
        #expect(report.failure?.reason.description.contains("chain ends at height 2") == true)

        // A rewritten block at the recorded height is caught too.
        let other = BlockReference(height: 2, hash: digest("not block 2"))
        #expect(Chain.verify(store: store, expecting: other).failure?.height == 2)
        #expect(throws: LedgerError.self) { try BlockReference(parsing: "4") }
    }
}
