/// Canonical encoding of transactions (layout in docs/LEDGER.md):
///
///     'T' 0x01 chainID[32] kind:u8 submitter:str nonce:u64 time:u64 payload… signature[64]
///
/// Version 0x02 is the same with one more field at the end of a
/// `RecordAnchored` payload, the policy as written (`written_policy:str`,
/// not empty); it is used exactly when an anchor has one, so every other
/// transaction, and every one written before, keeps its bytes.
enum EncodingTag {
    static let transaction: UInt8 = 0x54   // 'T'
    static let blockHeader: UInt8 = 0x48   // 'H'
    static let genesis: UInt8 = 0x47       // 'G'
    static let approval: UInt8 = 0x41      // 'A'
    static let version: UInt8 = 1
    /// Transactions whose `RecordAnchored` carries the policy as written.
    static let writtenPolicyVersion: UInt8 = 2
}

extension TransactionBody: CanonicalCodable {
    func encode(to w: inout CanonicalWriter) {
        w.u8(EncodingTag.transaction)
        w.u8(payload.encodingVersion)
        w.digest(chainID)
        w.u8(payload.kind.rawValue)
        w.string(submitter)
        w.u64(nonce)
        w.u64(time)
        payload.encode(to: &w)
    }

    static func decode(from r: inout CanonicalReader) throws -> TransactionBody {
        try r.expectTag(EncodingTag.transaction, "transaction")
        let version = try r.u8()
        guard version == EncodingTag.version || version == EncodingTag.writtenPolicyVersion else {
            throw LedgerError.malformedEncoding("unsupported encoding version \(version)")
        }
        let chainID = try r.digest()
        let rawKind = try r.u8()
        guard let kind = TransactionKind(rawValue: rawKind) else {
            throw LedgerError.malformedEncoding("unknown transaction kind \(rawKind)")
        }
        let submitter = try r.string(max: 64)
        let nonce = try r.u64()
        let time = try r.u64()
        let payload = try TransactionPayload.decode(kind: kind, version: version, from: &r)
        return try decodingRule {
            try TransactionBody(chainID: chainID, submitter: submitter, nonce: nonce, time: time, payload: payload)
        }
    }
}

func expectVersion(_ r: inout CanonicalReader) throws {
    let version = try r.u8()
    guard version == EncodingTag.version else {
        throw LedgerError.malformedEncoding("unsupported encoding version \(version)")
    }
}

extension TransactionPayload {
    /// 2 for an anchor with a policy as written, else 1.
    var encodingVersion: UInt8 {
        if case .recordAnchored(let p) = self, p.writtenPolicy != nil { return EncodingTag.writtenPolicyVersion }
        return EncodingTag.version
    }

    func encode(to w: inout CanonicalWriter) {
        switch self {
        case .recordAnchored(let p):
            w.string(p.recordID)
            w.digest(p.ciphertextSHA256)
            w.string(p.policy)
            w.digest(p.policyDigest)
            w.string(p.scheme)
            w.u32(p.lsssRows)
            w.u64(p.ciphertextBytes)
            w.digest(p.patientCommitment)
            if let written = p.writtenPolicy { w.string(written) }
        case .recordErased(let p):
            w.string(p.recordID)
            w.string(p.reason)
        case .nodeAddressSet(let p):
            w.string(p.url)
        case .consentChanged(let p):
            w.string(p.recordID)
            w.digest(p.oldPolicyDigest)
            w.digest(p.newPolicyDigest)
            w.digest(p.consentDocumentSHA256)
        case .keyIssued(let p):
            w.string(p.authority)
            w.string(p.holder)
            w.digest(p.attributeSetDigest)
            w.u64(p.expiresAt)
        case .accessLogged(let p):
            w.string(p.recordID)
            w.string(p.reader)
            w.u8(p.outcome.rawValue)
            // Evidence: signature base and signature, both empty when absent.
            w.string(p.evidence?.signatureBase ?? "")
            w.lengthPrefixed(p.evidence?.signature ?? [])
        case .memberAdded(let p):
            p.member.encode(to: &w)
            Self.encode(approvals: p.approvals, to: &w)
        case .memberRemoved(let p):
            w.string(p.memberID)
            w.string(p.reason)
            Self.encode(approvals: p.approvals, to: &w)
        }
    }

    /// The part of a membership change that admins approve: the payload
    /// without its approvals.
    func encodeGovernanceAction(to w: inout CanonicalWriter) {
        switch self {
        case .memberAdded(let p): p.member.encode(to: &w)
        case .memberRemoved(let p):
            w.string(p.memberID)
            w.string(p.reason)
        default: encode(to: &w)
        }
    }

    static func decode(kind: TransactionKind, version: UInt8, from r: inout CanonicalReader) throws -> TransactionPayload {
        let idLimit = Text.maxIdentifierBytes
        guard version == EncodingTag.version || kind == .recordAnchored else {
            throw LedgerError.malformedEncoding("encoding version \(version) is only for RecordAnchored")
        }
        switch kind {
        case .recordAnchored:
            let recordID = try r.string(max: idLimit)
            let ciphertext = try r.digest()
            let policy = try r.string(max: RecordAnchored.maxPolicyBytes)
            let policyDigest = try r.digest()
            let scheme = try r.string(max: 64)
            let rows = try r.u32()
            let size = try r.u64()
            let commitment = try r.digest()
            var written: String?
            if version == EncodingTag.writtenPolicyVersion {
                written = try r.string(max: RecordAnchored.maxPolicyBytes)
                guard written?.isEmpty == false else {
                    throw LedgerError.malformedEncoding("an encoding version 2 anchor needs a policy as written")
                }
            }
            return .recordAnchored(try decodingRule {
                try RecordAnchored(recordID: recordID, ciphertextSHA256: ciphertext, policy: policy,
                                   policyDigest: policyDigest, scheme: scheme, lsssRows: rows,
                                   ciphertextBytes: size, patientCommitment: commitment, writtenPolicy: written)
            })
        case .recordErased:
            let recordID = try r.string(max: idLimit)
            let reason = try r.string(max: 1024)
            return .recordErased(try decodingRule { try RecordErased(recordID: recordID, reason: reason) })
        case .consentChanged:
            let recordID = try r.string(max: idLimit)
            let old = try r.digest()
            let new = try r.digest()
            let document = try r.digest()
            return .consentChanged(try decodingRule {
                try ConsentChanged(recordID: recordID, oldPolicyDigest: old, newPolicyDigest: new,
                                   consentDocumentSHA256: document)
            })
        case .keyIssued:
            let authority = try r.string(max: idLimit)
            let holder = try r.string(max: idLimit)
            let attributes = try r.digest()
            let expiry = try r.u64()
            return .keyIssued(try decodingRule {
                try KeyIssued(authority: authority, holder: holder, attributeSetDigest: attributes, expiresAt: expiry)
            })
        case .accessLogged:
            let recordID = try r.string(max: idLimit)
            let reader = try r.string(max: idLimit)
            let rawOutcome = try r.u8()
            guard let outcome = AccessOutcome(rawValue: rawOutcome) else {
                throw LedgerError.malformedEncoding("unknown access outcome \(rawOutcome)")
            }
            let base = try r.string(max: AccessEvidence.maxSignatureBaseBytes)
            let signature = try r.lengthPrefixed(max: PublicKey.signatureByteCount)
            let evidence: AccessEvidence?
            switch (base.isEmpty, signature.isEmpty) {
            case (true, true): evidence = nil
            case (false, false): evidence = try decodingRule { try AccessEvidence(signatureBase: base, signature: signature) }
            default: throw LedgerError.malformedEncoding("access evidence needs both its signature base and its signature")
            }
            return .accessLogged(try decodingRule {
                try AccessLogged(recordID: recordID, reader: reader, outcome: outcome, evidence: evidence)
            })
        case .memberAdded:
            let member = try Member.decode(from: &r)
            let approvals = try decodeApprovals(from: &r)
            return .memberAdded(MemberAdded(member: member, approvals: approvals))
        case .nodeAddressSet:
            let url = try r.string(max: 256)
            return .nodeAddressSet(try decodingRule { try NodeAddressSet(url: url) })
        case .memberRemoved:
            let memberID = try r.string(max: 64)
            let reason = try r.string(max: 1024)
            let approvals = try decodeApprovals(from: &r)
            return .memberRemoved(try decodingRule { try MemberRemoved(memberID: memberID, reason: reason, approvals: approvals) })
        }
    }

    private static func encode(approvals: [Approval], to w: inout CanonicalWriter) {
        w.u32(UInt32(approvals.count))
        for a in approvals {
            w.string(a.adminID)
            w.fixed(a.signature)
        }
    }

    /// Approvals must be sorted by admin id without repeats: the one
    /// canonical order of a set.
    private static func decodeApprovals(from r: inout CanonicalReader) throws -> [Approval] {
        let count = try r.count(minElementBytes: 4 + 1 + PublicKey.signatureByteCount, limit: 1024)
        var approvals: [Approval] = []
        for _ in 0..<count {
            let adminID = try r.string(max: 64)
            let signature = try r.fixed(PublicKey.signatureByteCount)
            if let previous = approvals.last, !(Array(previous.adminID.utf8).lexicographicallyPrecedes(Array(adminID.utf8))) {
                throw LedgerError.malformedEncoding("approvals are not in strictly ascending admin id order")
            }
            approvals.append(try decodingRule { try Approval(adminID: adminID, signature: signature) })
        }
        return approvals
    }
}
