import ABE
import Foundation
import Ledger
import Tuner
import VaultSupport

/// The provider's use cases, on its own machine: it encrypts locally,
/// escrows each data key to its own HPKE key, and sends the node only the
/// blob, the escrow and its signed transactions.
public struct Provider: Sendable {
    public let client: NodeClient
    public var chainID: Digest32 { client.chainID }
    public let escrowKey: EscrowKey
    public let publicParameters: PublicParameters

    public init(folder: PartyFolder, transport: NodeTransport) throws {
        client = try NodeClient(folder: folder, transport: transport)
        escrowKey = try folder.escrowKey()
        publicParameters = try folder.publicParameters()
    }

    public struct Sealed: Sendable {
        public let blob: [UInt8]
        public let escrow: [UInt8]
        public let anchor: RecordAnchored
    }

    /// Encrypts a body under `policy` for record `id` with `dataKey`; the
    /// policy as written, when the tuner changed it, goes into the anchor
    /// (the container holds only `policy`).
    func seal(id: String, body: [UInt8], dataKey: [UInt8], policy: Policy, writtenPolicy: String?,
              patientCommitment: Digest32) throws -> Sealed {
        let wrapped: [UInt8]
        do { wrapped = try RecordContainer.seal(dataKey, publicParameters: publicParameters, policy: policy) } catch {
            throw VaultError.policy(error.description)
        }
        let blob = RecordBlob.seal(body: body, recordID: id, dataKey: dataKey, wrappedKey: wrapped).encoded()
        let sha = SHA256.hash(blob)
        let escrow = try escrowKey.seal(dataKey: dataKey, recordID: id, blobSHA256: sha.hex)
        let anchor = try RecordAnchored(recordID: id, ciphertextSHA256: sha, policy: policy.compiledText,
                                        scheme: publicParameters.scheme.description, lsssRows: UInt32(policy.lsss().rowCount),
                                        ciphertextBytes: UInt64(blob.count), patientCommitment: patientCommitment,
                                        writtenPolicy: writtenPolicy)
        return Sealed(blob: blob, escrow: escrow, anchor: anchor)
    }

    /// `vault record put`: returns the receipt (record id, height).
    /// `recordID` names the record (a resumed batch retries under the id it
    /// chose before it was interrupted); by default a fresh random one.
    public func put(body: [UInt8], policy: Policy, writtenPolicy: String? = nil, patient: String? = nil,
                    recordID: String? = nil) throws -> Receipt {
        guard !body.isEmpty else { throw VaultError.malformed("the record is empty (0 bytes); nothing to store") }
        let id = recordID ?? Self.newRecordID()
        var dataKey = SecureRandom.bytes(32)
        defer { scrub(&dataKey) }
        let salt = patient.map { _ in PatientCommitment.newSalt() }
        let commitment = try patient.map { try PatientCommitment.commit(pseudonym: $0, salt: salt!) } ?? .zero
        let sealed = try seal(id: id, body: body, dataKey: dataKey, policy: policy, writtenPolicy: writtenPolicy,
                              patientCommitment: commitment)
        return try client.submitting { nonce in
            let tx = try client.sign([.recordAnchored(sealed.anchor)], firstNonce: nonce)[0]
            return try client.call("POST", "/v1/records", json: PutRecordRequest(
                blob: Data(sealed.blob), escrow: Data(sealed.escrow), patientSalt: salt.map { Data($0) }, anchor: Data(tx.encoded)),
                as: Receipt.self)
        }
    }

    /// `rec-` and 16 random hex digits.
    public static func newRecordID() -> String { "rec-" + Hex.encode(SecureRandom.bytes(8)) }

    /// Whether the chain has an anchor for `id` (a resumed batch asks for the
    /// record it was putting when it was interrupted).
    public func isAnchored(_ id: String) throws -> Bool {
        do {
            _ = try client.call("GET", "/v1/records/\(id)", as: RecordDetails.self)
            return true
        } catch VaultError.node(let problem) where problem.status == 404 {
            return false
        }
    }

    public enum ConsentChange: String, Sendable { case grant, revoke }

    /// `vault consent grant|revoke`: opens the escrow here, re-wraps (grant:
    /// old OR new, body untouched) or re-encrypts under a new data key
    /// (revoke), and anchors ConsentChanged with the new anchor.
    public func changeConsent(_ change: ConsentChange, recordID id: String, policy: Policy, document: [UInt8]? = nil) throws -> Receipt {
        let current = try client.call("GET", "/v1/records/\(id)/escrow", as: EscrowResponse.self)
        let anchorTx: SignedTransaction
        do { anchorTx = try SignedTransaction(encoded: [UInt8](current.anchor)) } catch { throw VaultError.malformed("the node's anchor does not decode") }
        guard case .recordAnchored(let old) = anchorTx.body.payload, old.recordID == id,
              SHA256.hash([UInt8](current.blob)) == old.ciphertextSHA256 else {
            throw VaultError.hashMismatch(record: id, expected: "the anchor", found: "another blob")
        }
        let blob = try RecordBlob(decoding: [UInt8](current.blob))
        var oldKey = try escrowKey.open([UInt8](current.escrow), recordID: id, blobSHA256: old.ciphertextSHA256.hex)
        defer { scrub(&oldKey) }
        var body = try blob.openBody(dataKey: oldKey)  // the escrowed key must open the body before anything changes
        defer { scrub(&body) }
        let oldPolicy: Policy
        do { oldPolicy = try Policy(parsing: old.policy, options: .freeForm) } catch { throw VaultError.policy(error.description) }
        let newPolicy: Policy
        var dataKey: [UInt8]
        switch change {
        case .grant:
            if case .or(let clauses) = oldPolicy.compiled, clauses.contains(where: { $0.canonicalText == policy.compiledText }) {
                throw VaultError.malformed("record \(id) already grants \(policy.canonicalText); nothing to change")
            }
            if oldPolicy.compiledText == policy.compiledText {
                throw VaultError.malformed("record \(id) already has the policy \(policy.canonicalText); nothing to change")
            }
            do { newPolicy = try Policy(tree: .or([oldPolicy.compiled, policy.compiled]), options: .freeForm) } catch {
                throw VaultError.policy(error.description)
            }
            dataKey = oldKey
        case .revoke:
            // A revocation may only narrow who can read: every key the new
            // policy admits must already be admitted by the old one.
            switch PolicyImplication.implies(policy.compiled, oldPolicy.compiled) {
            case true?: break
            case false?:
                throw VaultError.policy("refusing the revocation: \(policy.canonicalText) would let keys read record \(id) that its current policy does not admit; use `vault consent grant` to widen access")
            case nil:
                throw VaultError.policy("refusing the revocation: cannot prove that \(policy.canonicalText) narrows the current policy (too large to compare)")
            }
            newPolicy = policy
            dataKey = SecureRandom.bytes(32)
        }
        defer { scrub(&dataKey) }
        let sealed = try seal(id: id, body: body, dataKey: dataKey, policy: newPolicy, writtenPolicy: nil,
                              patientCommitment: old.patientCommitment)
        let documentHash = SHA256.hash(document ?? Array("consent \(change.rawValue) for \(id): \(newPolicy.compiledText)".utf8))
        let consent = try ConsentChanged(recordID: id, oldPolicyDigest: old.policyDigest,
                                         newPolicyDigest: sealed.anchor.policyDigest, consentDocumentSHA256: documentHash)
        return try client.submitting { nonce in
            let txs = try client.sign([.consentChanged(consent), .recordAnchored(sealed.anchor)], firstNonce: nonce)
            return try client.call("POST", "/v1/records/\(id)/consent", json: ConsentRequest(
                blob: Data(sealed.blob), escrow: Data(sealed.escrow), transactions: txs.map { Data($0.encoded) }), as: Receipt.self)
        }
    }

    /// `vault record erase`.
    public func erase(recordID id: String, reason: String) throws -> Receipt {
        let erased = try RecordErased(recordID: id, reason: reason)
        return try client.submitting { nonce in
            let tx = try client.sign([.recordErased(erased)], firstNonce: nonce)[0]
            return try client.call("POST", "/v1/records/\(id)/erasure", json: TransactionsRequest(transactions: [Data(tx.encoded)]),
                                   as: Receipt.self)
        }
    }
}
