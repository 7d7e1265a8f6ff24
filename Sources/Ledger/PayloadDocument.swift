import Foundation

/// The JSON form of a transaction payload, for `vault chain submit` and
/// `vault chain show --json`. Field names are those of docs/LEDGER.md, e.g.
///
///     {"type": "AccessLogged", "record_id": "rec-1", "reader": "dr-house", "outcome": "granted"}
public struct PayloadDocument: Codable, Sendable, Equatable {
    public var type: String
    public var recordID: String?
    public var ciphertextSHA256: String?
    public var policy: String?
    public var policyDigest: String?
    public var scheme: String?
    public var lsssRows: UInt32?
    public var ciphertextBytes: UInt64?
    public var patientCommitment: String?
    /// RecordAnchored: the policy as written, when the tuner changed it.
    public var writtenPolicy: String?
    public var reason: String?
    public var oldPolicyDigest: String?
    public var newPolicyDigest: String?
    public var consentDocumentSHA256: String?
    public var authority: String?
    public var holder: String?
    public var attributeSetDigest: String?
    /// ISO 8601 date or date-time.
    public var expires: String?
    public var reader: String?
    public var outcome: String?
    public var member: MembersFile.Entry?
    public var memberID: String?
    public var url: String?
    /// Admin ids that approved a membership change (output only).
    public var approvedBy: [String]?

    enum CodingKeys: String, CodingKey {
        case type, policy, scheme, reason, authority, holder, expires, reader, outcome, member, url
        case recordID = "record_id", ciphertextSHA256 = "ciphertext_sha256", policyDigest = "policy_digest"
        case lsssRows = "lsss_rows", ciphertextBytes = "ciphertext_bytes", patientCommitment = "patient_commitment"
        case writtenPolicy = "written_policy"
        case oldPolicyDigest = "old_policy_digest", newPolicyDigest = "new_policy_digest"
        case consentDocumentSHA256 = "consent_document_sha256", attributeSetDigest = "attribute_set_digest"
        case memberID = "member_id", approvedBy = "approved_by"
    }

    public init(type: String) { self.type = type }

    public init(_ payload: TransactionPayload) {
        self.init(type: payload.kind.name)
        switch payload {
        case .recordAnchored(let p):
            recordID = p.recordID
            ciphertextSHA256 = p.ciphertextSHA256.hex
            policy = p.policy
            policyDigest = p.policyDigest.hex
            scheme = p.scheme
            lsssRows = p.lsssRows
            ciphertextBytes = p.ciphertextBytes
            patientCommitment = p.patientCommitment.hex
            writtenPolicy = p.writtenPolicy
        case .recordErased(let p):
            recordID = p.recordID
            reason = p.reason
        case .consentChanged(let p):
            recordID = p.recordID
            oldPolicyDigest = p.oldPolicyDigest.hex
            newPolicyDigest = p.newPolicyDigest.hex
            consentDocumentSHA256 = p.consentDocumentSHA256.hex
        case .keyIssued(let p):
            authority = p.authority
            holder = p.holder
            attributeSetDigest = p.attributeSetDigest.hex
            expires = AuditEvent.iso8601(p.expiresAt)
        case .accessLogged(let p):
            recordID = p.recordID
            reader = p.reader
            outcome = p.outcome.name
        case .memberAdded(let p):
            member = MembersFile.Entry(p.member)
            approvedBy = p.approvals.map(\.adminID)
        case .memberRemoved(let p):
            memberID = p.memberID
            reason = p.reason
            approvedBy = p.approvals.map(\.adminID)
        case .nodeAddressSet(let p):
            url = p.url
        }
    }

    public static func decode(json: Data) throws -> PayloadDocument {
        do {
            return try JSONDecoder().decode(PayloadDocument.self, from: json)
        } catch {
            throw LedgerError.invalidInput("the payload is not JSON of the documented shape (see docs/LEDGER.md)")
        }
    }

    /// The payload this document describes; errors name the missing or bad field.
    public func payload() throws -> TransactionPayload {
        guard let kind = TransactionKind(name: type) else {
            throw LedgerError.invalidInput("unknown transaction type '\(type)' (types: \(TransactionKind.allCases.map(\.name).joined(separator: ", ")))")
        }
        func need<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else { throw LedgerError.invalidInput("\(kind.name) needs '\(field)'") }
            return value
        }
        func hash(_ value: String?, _ field: String) throws -> Digest32 {
            guard let d = Digest32(hex: try need(value, field)) else {
                throw LedgerError.invalidInput("'\(field)' must be a SHA-256 hash: 64 hex digits")
            }
            return d
        }
        switch kind {
        case .recordAnchored:
            return .recordAnchored(try RecordAnchored(
                recordID: need(recordID, "record_id"), ciphertextSHA256: hash(ciphertextSHA256, "ciphertext_sha256"),
                policy: need(policy, "policy"),
                policyDigest: policyDigest == nil ? nil : try hash(policyDigest, "policy_digest"),
                scheme: need(scheme, "scheme"), lsssRows: need(lsssRows, "lsss_rows"),
                ciphertextBytes: need(ciphertextBytes, "ciphertext_bytes"),
                patientCommitment: hash(patientCommitment, "patient_commitment"),
                writtenPolicy: writtenPolicy))
        case .recordErased:
            return .recordErased(try RecordErased(recordID: need(recordID, "record_id"), reason: reason ?? ""))
        case .consentChanged:
            return .consentChanged(try ConsentChanged(
                recordID: need(recordID, "record_id"), oldPolicyDigest: hash(oldPolicyDigest, "old_policy_digest"),
                newPolicyDigest: hash(newPolicyDigest, "new_policy_digest"),
                consentDocumentSHA256: hash(consentDocumentSHA256, "consent_document_sha256")))
        case .keyIssued:
            return .keyIssued(try KeyIssued(
                authority: need(authority, "authority"), holder: need(holder, "holder"),
                attributeSetDigest: hash(attributeSetDigest, "attribute_set_digest"),
                expiresAt: AuditEvent.parseDate(need(expires, "expires"))))
        case .accessLogged:
            let name = try need(outcome, "outcome")
            guard let parsed = AccessOutcome(name: name) else {
                throw LedgerError.invalidInput("outcome '\(name)' is not one of granted, denied, failed")
            }
            return .accessLogged(try AccessLogged(recordID: need(recordID, "record_id"), reader: need(reader, "reader"),
                                                  outcome: parsed))
        case .memberAdded:
            return .memberAdded(MemberAdded(member: try need(member, "member").member()))
        case .memberRemoved:
            return .memberRemoved(try MemberRemoved(memberID: need(memberID, "member_id"), reason: reason ?? ""))
        case .nodeAddressSet:
            return .nodeAddressSet(try NodeAddressSet(url: need(url, "url")))
        }
    }
}
