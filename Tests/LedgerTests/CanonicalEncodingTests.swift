import Testing
@testable import Ledger

@Suite struct CanonicalEncodingTests {
    let chainID = digest("chain")

    func body(_ payload: TransactionPayload, submitter: String = "provider-1") throws -> TransactionBody {
        try TransactionBody(chainID: chainID, submitter: submitter, nonce: 7, time: 1_700_000_000_000, payload: payload)
    }

    func allPayloads() throws -> [TransactionPayload] {
        let member = try Member(id: "new-1", organisation: "Clinic Ü", roles: [.clinician, .auditor],
                                publicKey: SigningKey.generate().publicKey)
        let approval = try Approval(adminID: "admin-2", signature: [UInt8](repeating: 5, count: 64))
        return [
            try anchorPayload("r-1"),
            .recordErased(try RecordErased(recordID: "r-1", reason: "patient request")),
            .consentChanged(try ConsentChanged(recordID: "r-1", oldPolicyDigest: digest("old"),
                                               newPolicyDigest: digest("new"), consentDocumentSHA256: digest("doc"))),
            .keyIssued(try KeyIssued(authority: "ka-1", holder: "user-9", attributeSetDigest: digest("attrs"),
                                     expiresAt: 1_800_000_000_000)),
            try accessPayload("r-1", outcome: .denied),
            .memberAdded(MemberAdded(member: member, approvals: [approval])),
            .memberRemoved(try MemberRemoved(memberID: "clinician-1", reason: "left", approvals: [approval])),
            .nodeAddressSet(try NodeAddressSet(url: "https://node.hospital-a.example:7300")),
        ]
    }

    @Test func aNodeAddressIsAnHTTPURLWithoutPathOrCredentials() throws {
        for good in ["http://127.0.0.1:7300", "https://node.hospital-a.example", "https://[::1]:7300"] {
            #expect(throws: Never.self) { try NodeAddressSet(url: good) }
        }
        for bad in ["ftp://node:21", "https://node.example/v1", "https://user:pw@node.example", "node.example:7300",
                    "https://node.example?x=1", "http://", "https://node.example/\u{200B}", String(repeating: "a", count: 300)] {
            #expect(throws: LedgerError.self, "\(bad)") { try NodeAddressSet(url: bad) }
        }
    }

    @Test func everyTransactionKindRoundTrips() throws {
        let key = try SigningKey.generate()
        let payloads = try allPayloads()
        #expect(Set(payloads.map(\.kind)) == Set(TransactionKind.allCases))
        for payload in payloads {
            let tx = try body(payload).signed(with: key)
            let decoded = try SignedTransaction(encoded: tx.encoded)
            #expect(decoded == tx)
            #expect(decoded.body.payload == payload)
            #expect(key.publicKey.isValidSignature(decoded.signature, for: decoded.signedBytes))
        }
    }

    /// Issue 13: a tuned record's policy as written travels in its anchor.
    /// Only such anchors use encoding version 2; every other transaction
    /// keeps its version 1 bytes.
    @Test func anAnchorCarriesThePolicyAsWrittenInVersionTwo() throws {
        let key = try SigningKey.generate()
        guard case .recordAnchored(let plain) = try anchorPayload("r-1") else { Issue.record("not an anchor"); return }
        let written = try RecordAnchored(recordID: plain.recordID, ciphertextSHA256: plain.ciphertextSHA256, policy: plain.policy,
                                         scheme: plain.scheme, lsssRows: plain.lsssRows, ciphertextBytes: plain.ciphertextBytes,
                                         patientCommitment: plain.patientCommitment,
                                         writtenPolicy: "(role:cardiologist AND hospital:A) OR (role:cardiologist AND hospital:A AND on_call)")
        let tx = try body(.recordAnchored(written)).signed(with: key)
        #expect(tx.encoded[1] == 2)
        let decoded = try SignedTransaction(encoded: tx.encoded)
        #expect(decoded == tx)
        guard case .recordAnchored(let read) = decoded.body.payload else { Issue.record("not an anchor"); return }
        #expect(read.writtenPolicy == written.writtenPolicy && read.policyDigest == plain.policyDigest)
        #expect(PayloadDocument(decoded.body.payload).writtenPolicy == written.writtenPolicy)
        #expect(try PayloadDocument(decoded.body.payload).payload() == decoded.body.payload)
        let old = try body(.recordAnchored(plain)).signed(with: key)
        #expect(old.encoded[1] == 1)
        // Version 2 is refused for other kinds, and for an anchor without a written policy.
        var relabelled = old.encoded
        relabelled[1] = 2
        #expect(ledgerError { _ = try SignedTransaction(encoded: relabelled) }?.code == "malformed-encoding")
        var access = try body(accessPayload("r-1")).signed(with: key).encoded
        access[1] = 2
        #expect(ledgerError { _ = try SignedTransaction(encoded: access) }?.code == "malformed-encoding")
    }

    @Test func trailingAndMissingBytesAreRefused() throws {
        let tx = try body(anchorPayload("r-1")).signed(with: SigningKey.generate())
        let trailing = ledgerError { _ = try SignedTransaction(encoded: tx.encoded + [0]) }
        #expect(trailing?.code == "malformed-encoding")
        #expect(trailing?.description.contains("trailing") == true)
        for cut in [1, 64, 65, tx.encoded.count - 1] {
            let truncated = ledgerError { _ = try SignedTransaction(encoded: Array(tx.encoded.dropLast(cut))) }
            #expect(truncated?.code == "malformed-encoding", "cutting \(cut) bytes")
        }
        #expect(ledgerError { _ = try SignedTransaction(encoded: []) }?.code == "malformed-encoding")
    }

    /// Builds an access-logged encoding by hand so single fields can be bent.
    func accessBytes(tag: UInt8 = 0x54, version: UInt8 = 1, kind: UInt8 = 5, reader: [UInt8] = Array("dr".utf8),
                     outcome: UInt8 = 1, lengthDelta: Int = 0, evidenceBase: [UInt8] = [], evidenceSignature: [UInt8] = []) -> [UInt8] {
        var w = CanonicalWriter()
        w.u8(tag)
        w.u8(version)
        w.digest(chainID)
        w.u8(kind)
        w.string("clinician-1")
        w.u64(1)
        w.u64(2)
        w.string("r-1")
        w.u32(UInt32(reader.count + lengthDelta))
        w.fixed(reader)
        w.u8(outcome)
        w.lengthPrefixed(evidenceBase)
        w.lengthPrefixed(evidenceSignature)
        w.fixed([UInt8](repeating: 0, count: 64))
        return w.bytes
    }

    @Test func nonCanonicalFormsAreRefused() throws {
        #expect(throws: Never.self) { try SignedTransaction(encoded: accessBytes()) }
        let cases: [(String, [UInt8])] = [
            ("wrong structure tag", accessBytes(tag: 0x48)),
            ("unknown version", accessBytes(version: 2)),
            ("unknown transaction kind", accessBytes(kind: 99)),
            ("unknown outcome", accessBytes(outcome: 0)),
            ("invalid UTF-8", accessBytes(reader: [0x64, 0xff])),
            ("control character in an identifier", accessBytes(reader: [0x64, 0x0a])),
            ("length prefix longer than the field", accessBytes(lengthDelta: 1)),
            ("length prefix shorter than the field", accessBytes(lengthDelta: -1)),
            ("access evidence without its signature", accessBytes(evidenceBase: Array("\"@method\": POST".utf8))),
            ("access evidence without its signature base", accessBytes(evidenceSignature: [UInt8](repeating: 7, count: 64))),
            ("access evidence with a short signature", accessBytes(evidenceBase: Array("x".utf8), evidenceSignature: [1, 2, 3])),
        ]
        for (what, bytes) in cases {
            let error = ledgerError { _ = try SignedTransaction(encoded: bytes) }
            #expect(error?.code == "malformed-encoding", "\(what) must be refused")
        }
    }

    @Test func setsMustBeSortedAndFlagsKnown() throws {
        let key = try SigningKey.generate()
        let a = try Approval(adminID: "admin-2", signature: [UInt8](repeating: 1, count: 64))
        let b = try Approval(adminID: "admin-3", signature: [UInt8](repeating: 2, count: 64))
        let removal = try body(.memberRemoved(MemberRemoved(memberID: "x", reason: "", approvals: [b, a])),
                               submitter: "admin-1")
        let encoded = try removal.signed(with: key).encoded
        #expect(throws: Never.self) { try SignedTransaction(encoded: encoded) }
        // Swap the two approvals in the encoding: same set, non-canonical order.
        let one = Array("admin-2".utf8), two = Array("admin-3".utf8)
        let start = try #require(encoded.firstRange(of: one)).lowerBound - 4
        let entry = 4 + one.count + 64
        var swapped = encoded
        swapped.replaceSubrange(start..<start + 2 * entry,
                                with: Array(encoded[start + entry..<start + 2 * entry]) + Array(encoded[start..<start + entry]))
        #expect(swapped != encoded && two.count == one.count)
        #expect(ledgerError { _ = try SignedTransaction(encoded: swapped) }?.code == "malformed-encoding")

        // A member's role mask with an unknown bit, or no bit at all.
        var w = CanonicalWriter()
        w.string("m-1"); w.string("Org"); w.u8(0x80); w.fixed(key.publicKey.rawBytes)
        #expect(ledgerError { _ = try Member.decode(canonical: w.bytes) }?.code == "malformed-encoding")
        var empty = CanonicalWriter()
        empty.string("m-1"); empty.string("Org"); empty.u8(0); empty.fixed(key.publicKey.rawBytes)
        #expect(ledgerError { _ = try Member.decode(canonical: empty.bytes) }?.code == "malformed-encoding")
    }

    @Test func readerRulesForCountsAndIntegers() throws {
        // A forged huge list count cannot make the decoder allocate or loop.
        var count = CanonicalReader([0xff, 0xff, 0xff, 0xff, 0, 0])
        #expect(throws: LedgerError.self) { try count.count(minElementBytes: 1) }
        var w = CanonicalWriter()
        w.u64(0x0102030405060708)
        #expect(w.bytes == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func headersAndGenesisRoundTripAndRefuseTrailingBytes() throws {
        let consortium = try Consortium()
        let decoded = try GenesisConfig.decode(canonical: consortium.genesis.canonicalBytes)
        #expect(decoded == consortium.genesis)
        #expect(decoded.chainID == consortium.genesis.chainID)
        #expect(throws: LedgerError.self) { try GenesisConfig.decode(canonical: consortium.genesis.canonicalBytes + [1]) }
        let header = try BlockHeader(chainID: chainID, height: 3, previousHash: digest("p"), merkleRoot: digest("m"),
                                     transactionCount: 2, time: 9, sealer: "admin-1")
        #expect(try BlockHeader.decode(canonical: header.canonicalBytes) == header)
        #expect(throws: LedgerError.self) { try BlockHeader.decode(canonical: header.canonicalBytes + [0]) }
    }
}
