import Foundation
import Testing
@testable import Ledger
@testable import LedgerSQLite
import VaultSupport

@Suite struct InclusionProofTests {
    @Test func everyTransactionHasAProofThatChecks() throws {
        let chain = try TestChain()
        var ids: [Digest32] = []
        for size in [1, 5, 7] {
            ids += try chain.appendAnchors(size).transactions.map(\.id)
        }
        for id in ids {
            let proof = try chain.ledger.proveInclusion(of: id)
            let roundTripped = try InclusionProof.decode(json: proof.jsonData())
            #expect(roundTripped == proof)
            #expect(try roundTripped.check().transaction.id == id)
            #expect(try chain.ledger.check(roundTripped).header.height == proof.height)
        }
        #expect(throws: LedgerError.self) { try chain.ledger.proveInclusion(of: digest("no such transaction")) }
    }

    @Test func aBlocksProofsTogetherEqualItsProofsOneByOne() throws {
        let chain = try TestChain()
        for size in [1, 2, 7, 16] {
            let block = try chain.appendAnchors(size)
            let together = block.inclusionProofs()
            #expect(together.count == size)
            for position in 0..<size {
                #expect(together[position] == (try block.inclusionProof(ofTransactionAt: position)))
                #expect(try together[position].check().transaction.id == block.transactions[position].id)
                #expect(try chain.ledger.check(together[position]).header.height == block.height)
            }
        }
    }

    @Test func alteredProofsAreRefused() throws {
        let chain = try TestChain()
        try chain.appendAnchors(3)
        let block = try chain.appendAnchors(6)
        let proof = try chain.ledger.proveInclusion(of: block.transactions[4].id)
        let json = try #require(try JSONSerialization.jsonObject(with: proof.jsonData()) as? [String: Any])

        func altered(_ change: (inout [String: Any]) -> Void) throws -> InclusionProof {
            var copy = json
            change(&copy)
            return try InclusionProof.decode(json: JSONSerialization.data(withJSONObject: copy))
        }
        func flipHex(_ text: String, at index: Int) -> String {
            var chars = Array(text)
            chars[index] = chars[index] == "0" ? "1" : "0"
            return String(chars)
        }
        let path = try #require(json["audit_path"] as? [String])
        let tx = try #require(json["transaction"] as? String)
        let header = try #require(json["header"] as? String)
        let seal = try #require(json["seal"] as? String)
        let otherHeader = Hex.encode(try chain.ledger.block(at: 1).header.canonicalBytes)

        let cases: [(String, InclusionProof)] = [
            ("a path hash", try altered { $0["audit_path"] = [flipHex(path[0], at: 5)] + path.dropFirst() }),
            ("a dropped path hash", try altered { $0["audit_path"] = Array(path.dropLast()) }),
            ("the transaction", try altered { $0["transaction"] = flipHex(tx, at: tx.count - 3) }),
            ("the leaf index", try altered { $0["leaf_index"] = 3 }),
            ("the tree size", try altered { $0["tree_size"] = 7 }),
            ("the header", try altered { $0["header"] = otherHeader }),
        ]
        for (what, proof) in cases {
            #expect(throws: LedgerError.self, "changing \(what) must be refused") { try proof.check() }
        }
        // The Merkle path alone cannot tell a forged seal; the chain can.
        let forgedSeal = try altered { $0["seal"] = flipHex(seal, at: 10) }
        #expect(throws: Never.self) { try forgedSeal.check() }
        #expect(ledgerError { _ = try chain.ledger.check(forgedSeal) }?.code == "bad-signature")
        // A header re-made with a different time (and so a different hash) is not this chain's.
        let decoded = try BlockHeader.decode(canonical: try #require(Hex.decode(header)))
        let remade = try BlockHeader(chainID: decoded.chainID, height: decoded.height, previousHash: decoded.previousHash,
                                     merkleRoot: decoded.merkleRoot, transactionCount: decoded.transactionCount,
                                     time: decoded.time + 1, sealer: decoded.sealer)
        let remadeProof = try altered { $0["header"] = Hex.encode(remade.canonicalBytes) }
        #expect(throws: Never.self) { try remadeProof.check() }
        #expect(throws: LedgerError.self) { try chain.ledger.check(remadeProof) }
        // A proof from another chain.
        let other = try TestChain()
        let foreign = try other.ledger.proveInclusion(of: other.appendAnchors(2).transactions[0].id)
        #expect(throws: LedgerError.self) { try chain.ledger.check(foreign) }
        #expect(throws: LedgerError.self) { try InclusionProof.decode(json: Data("{\"height\": 1}".utf8)) }
    }
}

@Suite struct AuditTests {
    @Test func recordHistoryMemberAndTimeQueries() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        let day: UInt64 = 86_400_000
        let t0 = LedgerClock.nowMillis() - 3 * day
        try ledger.append([ledger.makeTransaction(anchorPayload("r-1"), by: c["provider-1"], time: t0)], sealedBy: c.sealer)
        try ledger.append([
            ledger.makeTransaction(accessPayload("r-1", reader: "dr-house"), by: c["clinician-1"], time: t0 + day),
            ledger.makeTransaction(anchorPayload("r-2"), by: c["provider-1"], time: t0 + day),
        ], sealedBy: c.sealer)
        try ledger.append([
            ledger.makeTransaction(accessPayload("r-1", reader: "dr-wilson", outcome: .denied), by: c["clinician-1"], time: t0 + 2 * day),
            ledger.makeTransaction(.consentChanged(ConsentChanged(recordID: "r-1", oldPolicyDigest: digest("a"),
                                                                  newPolicyDigest: digest("b"), consentDocumentSHA256: digest("doc"))),
                                   by: c["provider-1"], time: t0 + 2 * day),
        ], sealedBy: c.sealer)
        try ledger.append([ledger.makeTransaction(.recordErased(RecordErased(recordID: "r-1", reason: "patient request")),
                                                  by: c["provider-1"], time: t0 + 3 * day)], sealedBy: c.sealer)

        let history = try ledger.audit(IndexQuery(recordID: "r-1"))
        #expect(history.map(\.type) == ["RecordAnchored", "AccessLogged", "AccessLogged", "ConsentChanged", "RecordErased"])
        #expect(history.map(\.action) == ["C", "R", "R", "U", "D"])
        #expect(history.map(\.outcome) == ["success", "success", "denied", "success", "success"])
        #expect(history.map(\.outcomeCode) == [0, 0, 4, 0, 0])
        #expect(history[1].who == "clinician-1" && history[1].organisation == "City Lab" && history[1].subject == "dr-house")
        #expect(history[0].details["policy_digest"] == RecordAnchored.digest(ofPolicy: "role:cardiologist AND hospital:A").hex)
        #expect(history.allSatisfy { $0.what == "r-1" })

        // By member: as submitter, and as the reader named in an access.
        #expect(try ledger.audit(IndexQuery(memberID: "clinician-1")).count == 2)
        #expect(try ledger.audit(IndexQuery(memberID: "dr-wilson")).map(\.outcome) == ["denied"])
        // Since a date, and by kind.
        let recent = try ledger.audit(IndexQuery(since: t0 + 2 * day))
        #expect(recent.map(\.type) == ["AccessLogged", "ConsentChanged", "RecordErased"])
        #expect(try ledger.audit(IndexQuery(kinds: [.recordAnchored])).map(\.what) == ["r-1", "r-2"])
        #expect(try ledger.audit(IndexQuery(recordID: "nothing")).isEmpty)
        #expect(try ledger.latestAnchor(of: "r-2")?.ciphertextSHA256 == digest("ciphertext of r-2"))
        #expect(try ledger.latestAnchor(of: "nothing") == nil)

        // The events are decoded from the chain, not from the index: a
        // tampered index row cannot put words in the chain's mouth.
        let db = try SQLiteDatabase(path: chain.directory.chainPath, mode: .readWrite)
        try db.execute("UPDATE tx_index SET position = 0 WHERE kind = \(TransactionKind.recordAnchored.rawValue) AND record_id = 'r-2'")
        #expect(throws: LedgerError.self) { try ledger.audit(IndexQuery(recordID: "r-2")) }
    }

    @Test func sinceAcceptsDatesAndDateTimes() throws {
        #expect(try AuditEvent.parseDate("2026-03-01") == 1_772_323_200_000)
        #expect(try AuditEvent.parseDate("2026-03-01T00:00:01Z") == 1_772_323_201_000)
        #expect(try AuditEvent.parseDate("2026-03-01T00:00:00.250Z") == 1_772_323_200_250)
        #expect(ledgerError { _ = try AuditEvent.parseDate("last tuesday") }?.code == "invalid-input")
    }
}
