import Foundation
import Ledger

/// The JSON bodies of the node's API (`/v1`, docs/NODE.md, openapi.yaml).
/// Binary values (blobs, escrows, canonical transactions) travel as base64;
/// keys are snake_case.
public enum NodeJSON {
    public static func encoder() -> JSONEncoder {
        // Keys are snake_case through each type's CodingKeys (a key strategy
        // would also rewrite the Ledger's own explicit keys on decoding).
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func decoder() -> JSONDecoder {
        JSONDecoder()
    }

    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        // Our own Codable types always encode.
        (try? [UInt8](encoder().encode(value))) ?? []
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String) throws(NodeProblem) -> T {
        do { return try decoder().decode(type, from: Data(bytes)) } catch {
            throw .badRequest("malformed-body", "the \(what) is not valid JSON for this endpoint: \(describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            (c.codingPath.map(\.stringValue).joined(separator: ".") + " " + c.debugDescription).trimmingCharacters(in: .whitespaces)
        default: String(describing: error)
        }
    }
}

/// `POST /v1/records`: a provider stores a record it encrypted itself.
public struct PutRecordRequest: Codable, Sendable {
    enum CodingKeys: String, CodingKey { case blob, escrow, patientSalt = "patient_salt", anchor }

    /// The record blob (RVREC), whose SHA-256 the anchor names.
    public var blob: Data
    /// The blob's data key sealed to the provider's own escrow key (HPKE).
    public var escrow: Data
    /// Salt of the anchor's patient commitment, kept by the node (destroyed on erasure).
    public var patientSalt: Data?
    /// The provider's signed `RecordAnchored`, canonical encoding.
    public var anchor: Data

    public init(blob: Data, escrow: Data, patientSalt: Data?, anchor: Data) {
        self.blob = blob; self.escrow = escrow; self.patientSalt = patientSalt; self.anchor = anchor
    }
}

/// Where a submission landed on the chain.
public struct Receipt: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey { case recordId = "record_id", transactionIds = "transaction_ids", height, blockHash = "block_hash" }

    public var recordId: String?
    public var transactionIds: [String]
    public var height: UInt64
    public var blockHash: String
}

/// `POST /v1/records/{id}/reads`: the reader's key certificate, so the node
/// can refuse an expired key or one whose attributes cannot satisfy the
/// policy before serving anything. The key itself never leaves the reader.
public struct ReadRequest: Codable, Sendable {
    enum CodingKeys: String, CodingKey { case keyCertificate = "key_certificate" }

    public var keyCertificate: KeyCertificate
    public init(keyCertificate: KeyCertificate) { self.keyCertificate = keyCertificate }
}

/// `GET /v1/blobs/{sha256}`: one blob, for another organisation's node.
public struct BlobResponse: Codable, Sendable {
    public var blob: Data
}

public struct ReadResponse: Codable, Sendable {
    enum CodingKeys: String, CodingKey { case blob, anchorProof = "anchor_proof", access }

    public var blob: Data
    /// Inclusion proof of the record's current `RecordAnchored`.
    public var anchorProof: InclusionProof
    /// The `AccessLogged` appended for this read.
    public var access: Receipt
}

/// `GET /v1/records/{id}/escrow`, for the provider that anchored the record.
public struct EscrowResponse: Codable, Sendable {
    public var blob: Data
    public var escrow: Data
    /// The current `RecordAnchored`, canonical encoding.
    public var anchor: Data
}

/// `POST /v1/records/{id}/consent`: new blob and escrow, with the signed
/// `ConsentChanged` and `RecordAnchored` (in that order).
public struct ConsentRequest: Codable, Sendable {
    public var blob: Data
    public var escrow: Data
    public var transactions: [Data]
    public init(blob: Data, escrow: Data, transactions: [Data]) { self.blob = blob; self.escrow = escrow; self.transactions = transactions }
}

/// Bodies that carry signed transactions only: erasure, key issuance, membership.
public struct TransactionsRequest: Codable, Sendable {
    public var transactions: [Data]
    public init(transactions: [Data]) { self.transactions = transactions }
}

public struct ChainTip: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey { case chainId = "chain_id", height, hash, verifiedHeight = "verified_height" }

    public var chainId: String
    public var height: UInt64
    public var hash: String
    /// The highest height this node has verified block by block.
    public var verifiedHeight: UInt64
}

/// `GET /v1/chain/blocks`: stored blocks as they are, for replicas and auditors to judge.
public struct BlocksResponse: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var height: UInt64
        public var header: Data
        public var seal: Data
        public var entries: [Data]
    }
    public var blocks: [Entry]
}

public struct MemberView: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey { case id, organisation, roles, publicKey = "public_key", addedAt = "added_at", removedAt = "removed_at", lastNonce = "last_nonce" }

    public var id: String
    public var organisation: String
    public var roles: [String]
    public var publicKey: String
    public var addedAt: UInt64
    public var removedAt: UInt64?
    public var lastNonce: UInt64?
}

public struct Health: Codable, Sendable {
    enum CodingKeys: String, CodingKey { case status, height, writable, reason, ordering, ordererProblem = "orderer_problem" }
    public var status: String
    public var height: UInt64
    public var writable: Bool
    public var reason: String?
    /// "embedded" (the node orders its own blocks) or "etcd".
    public var ordering: String?
    /// Why the node cannot read the cluster right now; nil while it follows.
    public var ordererProblem: String?
}
