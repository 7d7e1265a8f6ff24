/// The kinds of transaction, their wire tags and who may submit them.
public enum TransactionKind: UInt8, CaseIterable, Sendable {
    case recordAnchored = 1
    case recordErased = 2
    case consentChanged = 3
    case keyIssued = 4
    case accessLogged = 5
    case memberAdded = 6
    case memberRemoved = 7
    /// A validator names the URL of its organisation's node, so that other
    /// nodes can fetch the blobs anchored through it.
    case nodeAddressSet = 8

    public var name: String {
        switch self {
        case .recordAnchored: "RecordAnchored"
        case .recordErased: "RecordErased"
        case .consentChanged: "ConsentChanged"
        case .keyIssued: "KeyIssued"
        case .accessLogged: "AccessLogged"
        case .memberAdded: "MemberAdded"
        case .memberRemoved: "MemberRemoved"
        case .nodeAddressSet: "NodeAddressSet"
        }
    }

    public init?(name: String) {
        guard let kind = TransactionKind.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            return nil
        }
        self = kind
    }

    /// The submitter must hold at least one of these roles.
    public var allowedRoles: [Role] {
        switch self {
        case .recordAnchored, .recordErased, .consentChanged: [.provider]
        case .keyIssued: [.authority]
        // A validator (an organisation's node) logs reads on behalf of the
        // reader, with the reader's signed request as evidence.
        case .accessLogged: [.clinician, .provider, .auditor, .validator]
        case .memberAdded, .memberRemoved: [.admin]
        case .nodeAddressSet: [.validator]
        }
    }

    /// The verb used in "may not …" refusals.
    var actionPhrase: String {
        switch self {
        case .recordAnchored: "anchor records"
        case .recordErased: "erase records"
        case .consentChanged: "change consent"
        case .keyIssued: "issue keys"
        case .accessLogged: "log record access"
        case .memberAdded: "add members"
        case .memberRemoved: "remove members"
        case .nodeAddressSet: "announce a node's address"
        }
    }
}

public enum TransactionPayload: Hashable, Sendable {
    case recordAnchored(RecordAnchored)
    case recordErased(RecordErased)
    case consentChanged(ConsentChanged)
    case keyIssued(KeyIssued)
    case accessLogged(AccessLogged)
    case memberAdded(MemberAdded)
    case memberRemoved(MemberRemoved)
    case nodeAddressSet(NodeAddressSet)

    public var kind: TransactionKind {
        switch self {
        case .recordAnchored: .recordAnchored
        case .recordErased: .recordErased
        case .consentChanged: .consentChanged
        case .keyIssued: .keyIssued
        case .accessLogged: .accessLogged
        case .memberAdded: .memberAdded
        case .memberRemoved: .memberRemoved
        case .nodeAddressSet: .nodeAddressSet
        }
    }

    /// The record a transaction concerns, if any (for indexes and audits).
    public var recordID: String? {
        switch self {
        case .recordAnchored(let p): p.recordID
        case .recordErased(let p): p.recordID
        case .consentChanged(let p): p.recordID
        case .accessLogged(let p): p.recordID
        case .keyIssued, .memberAdded, .memberRemoved, .nodeAddressSet: nil
        }
    }

    /// The other party a transaction names: the reader of an access, the
    /// holder of a key, the member added or removed.
    public var subject: String? {
        switch self {
        case .accessLogged(let p): p.reader
        case .keyIssued(let p): p.holder
        case .memberAdded(let p): p.member.id
        case .memberRemoved(let p): p.memberID
        case .recordAnchored, .recordErased, .consentChanged, .nodeAddressSet: nil
        }
    }
}

/// What the submitter signs. `nonce` must be larger than every nonce the
/// submitter used before (gaps are allowed, so a counter or a clock both work).
public struct TransactionBody: Hashable, Sendable {
    public let chainID: Digest32
    public let submitter: String
    public let nonce: UInt64
    /// Milliseconds since the Unix epoch, as claimed by the submitter.
    public let time: UInt64
    public let payload: TransactionPayload

    public init(chainID: Digest32, submitter: String, nonce: UInt64, time: UInt64, payload: TransactionPayload) throws {
        try Text.checkMemberID(submitter)
        self.chainID = chainID
        self.submitter = submitter
        self.nonce = nonce
        self.time = time
        self.payload = payload
    }

    public var kind: TransactionKind { payload.kind }

    /// The exact bytes the submitter signs: the canonical encoding of the body.
    public var signingBytes: [UInt8] { canonicalBytes }

    /// Signed by `key`; `remembering` as in `SigningKey.sign`.
    public func signed(with key: SigningKey, remembering: Bool = true) throws -> SignedTransaction {
        let body = canonicalBytes
        return SignedTransaction(body: self, encoded: body + (try key.sign(body, remembering: remembering)))
    }
}

/// A transaction as it travels and is stored: body plus the submitter's
/// Ed25519 signature. The encoding is the transaction's Merkle leaf, and its
/// id is the leaf hash, SHA-256(0x00 ‖ encoding): one hash serves to name the
/// transaction and to build the block's tree.
public struct SignedTransaction: Hashable, Sendable {
    public let body: TransactionBody
    /// Canonical encoding: body followed by the 64-byte signature.
    public let encoded: [UInt8]

    /// SHA-256(0x00 ‖ encoded), the RFC 6962 leaf hash.
    public let id: Digest32

    init(body: TransactionBody, encoded: [UInt8]) {
        self.body = body
        self.encoded = encoded
        self.id = MerkleTree.leafHash(encoded)
    }

    /// Decodes a stored or received transaction, strictly.
    public init(encoded bytes: [UInt8]) throws {
        var r = CanonicalReader(bytes)
        let body = try TransactionBody.decode(from: &r)
        _ = try r.fixed(PublicKey.signatureByteCount)
        try r.finish("transaction")
        self.init(body: body, encoded: bytes)
    }

    public var signature: [UInt8] { Array(encoded.suffix(PublicKey.signatureByteCount)) }

    /// Whether `key` signed this transaction; remembered in
    /// `VerifiedSignatures.shared`, so the chain does not verify it again
    /// when it judges the transaction in this process.
    public func isSigned(by key: PublicKey) -> Bool {
        SignatureCheck(key: key, subject: .transaction(self)).isValid(remembering: .shared)
    }

    public var signedBytes: [UInt8] { Array(encoded.dropLast(PublicKey.signatureByteCount)) }
    public var kind: TransactionKind { body.kind }
}
