import Foundation
import VaultSupport
/// The facts a transaction can record. Only hashes and policy metadata:
/// record bytes and patient identifiers never reach the chain.

/// A ciphertext was stored off-chain under a policy.
public struct RecordAnchored: Hashable, Sendable {
    public let recordID: String
    /// SHA-256 of the ciphertext blob as stored off-chain.
    public let ciphertextSHA256: Digest32
    /// The policy in its canonical printed form.
    public let policy: String
    /// SHA-256 of the UTF-8 bytes of `policy`; validation checks it matches.
    public let policyDigest: Digest32
    /// The ABE scheme, e.g. "FAME".
    public let scheme: String
    /// Rows of the policy's LSSS matrix.
    public let lsssRows: UInt32
    /// Size of the ciphertext blob in bytes.
    public let ciphertextBytes: UInt64
    /// Salted commitment to the patient pseudonym (see `PatientCommitment`).
    public let patientCommitment: Digest32
    /// The policy as its author wrote it, when the tuner replaced it by the
    /// equivalent `policy` the record is encrypted under (the container
    /// keeps only that one); nil otherwise. Not part of `policyDigest`.
    public let writtenPolicy: String?

    public init(recordID: String, ciphertextSHA256: Digest32, policy: String, policyDigest: Digest32? = nil,
                scheme: String, lsssRows: UInt32, ciphertextBytes: UInt64, patientCommitment: Digest32,
                writtenPolicy: String? = nil) throws {
        try Text.checkIdentifier(recordID, what: "record id")
        try Text.checkText(policy, what: "policy", maxBytes: Self.maxPolicyBytes)
        try Text.checkText(scheme, what: "scheme", maxBytes: 64)
        if let writtenPolicy { try Text.checkText(writtenPolicy, what: "policy as written", maxBytes: Self.maxPolicyBytes) }
        self.recordID = recordID
        self.ciphertextSHA256 = ciphertextSHA256
        self.policy = policy
        self.policyDigest = policyDigest ?? RecordAnchored.digest(ofPolicy: policy)
        self.scheme = scheme
        self.lsssRows = lsssRows
        self.ciphertextBytes = ciphertextBytes
        self.patientCommitment = patientCommitment
        self.writtenPolicy = writtenPolicy
    }

    /// Bytes of policy text an anchor may carry (the container's limit, docs/ABE.md).
    public static let maxPolicyBytes = 64 * 1024

    /// The policy digest the chain expects: SHA-256 of the canonical policy text.
    public static func digest(ofPolicy policy: String) -> Digest32 { SHA256.hash(Array(policy.utf8)) }
}

/// The ciphertext was deleted off-chain (crypto-shredding); the anchor stays.
public struct RecordErased: Hashable, Sendable {
    public let recordID: String
    public let reason: String

    public init(recordID: String, reason: String) throws {
        try Text.checkIdentifier(recordID, what: "record id")
        try Text.checkText(reason, what: "erasure reason", maxBytes: 1024, allowEmpty: true)
        self.recordID = recordID
        self.reason = reason
    }
}

/// Where a validator's node answers other nodes: an http(s) URL without
/// path, query or credentials. The latest one a validator set is current.
public struct NodeAddressSet: Hashable, Sendable {
    public let url: String

    public init(url: String) throws {
        try Text.checkText(url, what: "node address", maxBytes: 256)
        guard let parsed = URL(string: url), let scheme = parsed.scheme, scheme == "http" || scheme == "https",
              parsed.host?.isEmpty == false, parsed.user == nil, parsed.password == nil,
              parsed.path.isEmpty, parsed.query == nil, parsed.fragment == nil
        else {
            throw LedgerError.invalidInput("node address '\(DisplayText.escaped(url))' is not an http(s)://HOST[:PORT] URL")
        }
        self.url = url
    }
}

/// The record was re-wrapped under a new policy after a consent change.
public struct ConsentChanged: Hashable, Sendable {
    public let recordID: String
    public let oldPolicyDigest: Digest32
    public let newPolicyDigest: Digest32
    /// SHA-256 of the signed consent document, kept off-chain.
    public let consentDocumentSHA256: Digest32

    public init(recordID: String, oldPolicyDigest: Digest32, newPolicyDigest: Digest32,
                consentDocumentSHA256: Digest32) throws {
        try Text.checkIdentifier(recordID, what: "record id")
        self.recordID = recordID
        self.oldPolicyDigest = oldPolicyDigest
        self.newPolicyDigest = newPolicyDigest
        self.consentDocumentSHA256 = consentDocumentSHA256
    }
}

/// A key authority issued an ABE user key.
public struct KeyIssued: Hashable, Sendable {
    /// The issuing key authority's name (the submitter must hold the authority role).
    public let authority: String
    /// The key holder's identifier (a user pseudonym, not necessarily a member).
    public let holder: String
    /// SHA-256 of the canonical attribute set in the key.
    public let attributeSetDigest: Digest32
    /// Expiry, milliseconds since the Unix epoch.
    public let expiresAt: UInt64

    public init(authority: String, holder: String, attributeSetDigest: Digest32, expiresAt: UInt64) throws {
        try Text.checkIdentifier(authority, what: "authority")
        try Text.checkIdentifier(holder, what: "key holder")
        self.authority = authority
        self.holder = holder
        self.attributeSetDigest = attributeSetDigest
        self.expiresAt = expiresAt
    }
}

public enum AccessOutcome: UInt8, CaseIterable, Sendable {
    case granted = 1
    /// The reader's key did not satisfy the policy.
    case denied = 2
    /// Decryption or integrity check failed.
    case failed = 3

    public var name: String {
        switch self {
        case .granted: "granted"
        case .denied: "denied"
        case .failed: "failed"
        }
    }

    public init?(name: String) {
        guard let o = AccessOutcome.allCases.first(where: { $0.name == name }) else { return nil }
        self = o
    }
}

/// Somebody tried to read a record.
public struct AccessLogged: Hashable, Sendable {
    public let recordID: String
    public let reader: String
    public let outcome: AccessOutcome

    /// The reader's own signed request (RFC 9421) when a node logs the
    /// access on the reader's behalf: anyone replaying the chain can check
    /// that the named reader really asked for this record.
    public let evidence: AccessEvidence?

    public init(recordID: String, reader: String, outcome: AccessOutcome, evidence: AccessEvidence? = nil) throws {
        try Text.checkIdentifier(recordID, what: "record id")
        try Text.checkIdentifier(reader, what: "reader")
        self.recordID = recordID
        self.reader = reader
        self.outcome = outcome
        self.evidence = evidence
    }
}

/// A new member, allowed by a majority of the admins (see `Governance`).
public struct MemberAdded: Hashable, Sendable {
    public let member: Member
    /// Approvals by admins other than the submitter, sorted by admin id.
    public let approvals: [Approval]

    public init(member: Member, approvals: [Approval] = []) {
        self.member = member
        self.approvals = approvals.sorted { $0.adminID < $1.adminID }
    }
}

/// A member removed by a majority of the admins; it can never act again.
public struct MemberRemoved: Hashable, Sendable {
    public let memberID: String
    public let reason: String
    public let approvals: [Approval]

    public init(memberID: String, reason: String, approvals: [Approval] = []) throws {
        try Text.checkMemberID(memberID)
        try Text.checkText(reason, what: "removal reason", maxBytes: 1024, allowEmpty: true)
        self.memberID = memberID
        self.reason = reason
        self.approvals = approvals.sorted { $0.adminID < $1.adminID }
    }
}

/// One admin's signature over a membership change (see `Governance.approvalMessage`).
public struct Approval: Hashable, Sendable {
    public let adminID: String
    public let signature: [UInt8]

    public init(adminID: String, signature: [UInt8]) throws {
        try Text.checkMemberID(adminID)
        guard signature.count == PublicKey.signatureByteCount else {
            throw LedgerError.invalidInput("an approval signature has 64 bytes, not \(signature.count)")
        }
        self.adminID = adminID
        self.signature = signature
    }
}

/// Salted commitments to patient pseudonyms: the chain can show that two
/// anchors concern the same patient only to someone who knows the salt.
public enum PatientCommitment {
    static let domain = Array("vault-ledger/patient-commitment/v1".utf8)

    /// SHA-256(domain ‖ salt ‖ pseudonym). Keep `salt` (32 random bytes,
    /// see `newSalt()`) off-chain with the record.
    public static func commit(pseudonym: String, salt: [UInt8]) throws -> Digest32 {
        guard (16...255).contains(salt.count) else {
            throw LedgerError.invalidInput("a patient commitment salt needs 16 to 255 bytes")
        }
        return SHA256.hash(domain, [UInt8(salt.count)], salt, Array(pseudonym.utf8))
    }

    public static func newSalt() -> [UInt8] { SecureRandom.bytes(32) }
}
