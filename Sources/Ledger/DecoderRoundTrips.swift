import Foundation

/// Every decoder of outside bytes in the ledger, behind one entry point each:
/// decode, and when the input is accepted, re-encode and compare. The fuzz
/// targets (Sources/VaultFuzz) and the regression tests call these; a thrown
/// error is a refusal, `false` a broken round trip (the canonical encoding
/// promises that accepted bytes are the encoding of the value read).
public enum LedgerDecoderRoundTrips {
    public static func transaction(_ bytes: [UInt8]) throws -> Bool {
        let signed = try SignedTransaction(encoded: bytes)
        return signed.body.canonicalBytes + signed.signature == bytes
    }

    public static func blockHeader(_ bytes: [UInt8]) throws -> Bool {
        try BlockHeader.decode(canonical: bytes).canonicalBytes == bytes
    }

    public static func genesis(_ bytes: [UInt8]) throws -> Bool {
        try GenesisConfig.decode(canonical: bytes).canonicalBytes == bytes
    }

    /// A stored block, framed as u32 header length ‖ header ‖ 64-byte seal ‖
    /// u32 count ‖ (u32 length ‖ entry)…: how the fuzzer spells `StoredBlock`.
    public static func storedBlock(_ bytes: [UInt8]) throws -> Bool {
        var r = CanonicalReader(bytes)
        let header = try r.lengthPrefixed()
        let seal = try r.fixed(64)
        let count = try r.count(minElementBytes: 4, limit: Chain.maxBlockTransactions + 1)
        var entries = [[UInt8]]()
        for _ in 0..<count { entries.append(try r.lengthPrefixed()) }
        let block = try Block(decoding: StoredBlock(height: 0, header: header, seal: seal, entries: entries))
        let reencoded = block.genesis.map { [$0.canonicalBytes] } ?? block.transactions.map(\.encoded)
        return block.header.canonicalBytes == header && reencoded == entries
    }

    public static func membersFile(_ data: Data) throws -> Bool {
        let genesis = try MembersFile.genesis(fromJSON: data, createdAt: 1)
        let document = MembersFile.Document(chainName: genesis.chainName, members: genesis.members.map(MembersFile.Entry.init))
        let again = try MembersFile.genesis(fromJSON: try JSONEncoder().encode(document), createdAt: 1)
        return again.members == genesis.members && again.chainName == genesis.chainName
    }

    public static func proposalFile(_ data: Data) throws -> Bool {
        let body = try ProposalFile.decode(data, name: "proposal")
        return try TransactionBody.decode(canonical: body.canonicalBytes) == body
    }
}

extension LedgerDecoderRoundTrips {
    /// Well-formed inputs for each decoder, for the fuzzers' seed corpora
    /// (`vault-fuzz --write-seeds`), in the framing `FuzzTarget` uses.
    public static func sampleInputs() throws -> [(target: String, name: String, bytes: [UInt8])] {
        let admin = try SigningKey.generate(), provider = try SigningKey.generate()
        let members = [
            try Member(id: "admin-1", organisation: "St Mary", roles: [.admin, .validator], publicKey: admin.publicKey),
            try Member(id: "provider-1", organisation: "St Mary", roles: [.provider], publicKey: provider.publicKey),
        ]
        let genesis = try GenesisConfig(chainName: "seed-chain", createdAt: 1_700_000_000_000, salt: [UInt8](repeating: 7, count: 16), members: members)
        let chainID = SHA256.hash(genesis.canonicalBytes)
        let payloads: [TransactionPayload] = [
            .recordAnchored(try RecordAnchored(recordID: "rec-1", ciphertextSHA256: chainID, policy: "role:nurse AND hospital:A",
                                               scheme: "fabeo", lsssRows: 2, ciphertextBytes: 4096, patientCommitment: chainID)),
            .recordErased(try RecordErased(recordID: "rec-1", reason: "patient request")),
            .consentChanged(try ConsentChanged(recordID: "rec-1", oldPolicyDigest: chainID, newPolicyDigest: chainID, consentDocumentSHA256: chainID)),
            .keyIssued(try KeyIssued(authority: "authority-1", holder: "u-42", attributeSetDigest: chainID, expiresAt: 1_800_000_000_000)),
            .accessLogged(try AccessLogged(recordID: "rec-1", reader: "dr-house", outcome: .granted)),
            .memberAdded(MemberAdded(member: try Member(id: "clin-1", organisation: "City Lab", roles: [.clinician], publicKey: provider.publicKey),
                                     approvals: [try Approval(adminID: "admin-2", signature: [UInt8](repeating: 1, count: 64))])),
            .memberRemoved(try MemberRemoved(memberID: "clin-1", reason: "left")),
            .nodeAddressSet(try NodeAddressSet(url: "https://node.st-mary.example:7300")),
        ]
        var out = [(target: String, name: String, bytes: [UInt8])]()
        var signed = [SignedTransaction]()
        for (i, payload) in payloads.enumerated() {
            let body = try TransactionBody(chainID: chainID, submitter: i >= 5 ? "admin-1" : "provider-1", nonce: UInt64(i + 1),
                                           time: 1_700_000_000_000 + UInt64(i), payload: payload)
            let transaction = try body.signed(with: i >= 5 ? admin : provider)
            signed.append(transaction)
            out.append(("transaction", "\(payload.kind)", transaction.encoded))
        }
        // A tuned record's anchor, with the policy as written (encoding version 2).
        let tuned = try RecordAnchored(recordID: "rec-2", ciphertextSHA256: chainID, policy: "role:nurse AND (hospital:A OR hospital:B)",
                                       scheme: "fabeo", lsssRows: 3, ciphertextBytes: 4096, patientCommitment: chainID,
                                       writtenPolicy: "(role:nurse AND hospital:A) OR (role:nurse AND hospital:B)")
        let tunedBody = try TransactionBody(chainID: chainID, submitter: "provider-1", nonce: 20, time: 1_700_000_000_020,
                                            payload: .recordAnchored(tuned))
        out.append(("transaction", "recordAnchored-written", try tunedBody.signed(with: provider).encoded))
        let header = try BlockHeader(chainID: chainID, height: 1, previousHash: chainID, merkleRoot: chainID,
                                     transactionCount: UInt32(signed.count), time: 1_700_000_001_000, sealer: "admin-1")
        out.append(("block", "header", [0] + header.canonicalBytes))
        out.append(("block", "genesis", [1] + genesis.canonicalBytes))
        var framed = CanonicalWriter()
        framed.lengthPrefixed(header.canonicalBytes); framed.fixed([UInt8](repeating: 0, count: 64))
        framed.u32(UInt32(signed.count)); for t in signed { framed.lengthPrefixed(t.encoded) }
        out.append(("block", "stored-block", [2] + framed.bytes))
        let document = MembersFile.Document(chainName: "seed-chain", members: members.map(MembersFile.Entry.init))
        out.append(("files", "members", [0] + [UInt8](try JSONEncoder().encode(document))))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seed-proposal-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let proposalBody = try TransactionBody(chainID: chainID, submitter: "admin-1", nonce: 9, time: 1_700_000_000_009, payload: payloads[5])
        try ProposalFile.write(proposalBody, to: path, overwrite: false)
        out.append(("files", "proposal", [1] + [UInt8](FileManager.default.contents(atPath: path) ?? Data())))
        return out
    }
}
