import ABE
import Foundation
import Ledger
import VaultSupport

/// The key authority on its own machine: the master key never leaves its
/// folder. Each key is certified (signed, bound to its holder) and its
/// issuance anchored by the authority's own identity.
public struct Authority: Sendable {
    public let client: NodeClient
    public var chainID: Digest32 { client.chainID }
    let folder: PartyFolder

    public init(folder: PartyFolder, transport: NodeTransport) throws {
        self.folder = folder
        client = try NodeClient(folder: folder, transport: transport)
    }

    /// `vault authority keygen`: writes the signed key file to `output`
    /// first, then anchors `KeyIssued`; if the anchor is refused, the file is
    /// removed, so no key exists whose issuance is not on the chain, and
    /// nothing is anchored for a key that could not be written.
    public func issue(holder: String, attributes: AttributeSet, validUntil: String?, output: String) throws -> (KeyCertificate, Receipt) {
        let (certificate, keyFile, issued) = try prepare(holder: holder, attributes: attributes, validUntil: validUntil)
        try Files.write(keyFile, to: output, secret: true)
        do {
            return (certificate, try anchor(issued))
        } catch {
            unlink(output)
            throw error
        }
    }

    /// The same for a stream (standard output), which cannot be taken back:
    /// `KeyIssued` is anchored first and the signed key file returned for
    /// the caller to write.
    public func issueToStream(holder: String, attributes: AttributeSet, validUntil: String?) throws -> (KeyCertificate, Receipt, keyFile: [UInt8]) {
        let (certificate, keyFile, issued) = try prepare(holder: holder, attributes: attributes, validUntil: validUntil)
        return (certificate, try anchor(issued), keyFile)
    }

    /// The key, its certificate, its signed file and the `KeyIssued` to anchor.
    private func prepare(holder: String, attributes: AttributeSet, validUntil: String?) throws -> (KeyCertificate, [UInt8], KeyIssued) {
        let pp = try folder.publicParameters()
        let ms: MasterSecret
        do { ms = try ABE.KeyFile.decodeMasterSecret(try folder.secret("master.key", what: "master key"), publicParameters: pp) } catch let e as ABEError {
            throw VaultError.malformed("\(folder.root)/master.key: \(e.description)")
        }
        let key: UserSecretKey
        do {
            key = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: attributes,
                                         attributesText: attributes.description, validUntil: validUntil, holder: holder)
        } catch { throw VaultError.policy(error.description) }
        let keyBytes = ABE.KeyFile.encode(key)
        let certificate = try KeyCertificate.issue(key: keyBytes, attributes: attributes.description,
                                                   keyAttributes: key.keyAttributes.map(\.description), validUntil: validUntil,
                                                   holder: holder, fingerprint: pp.fingerprintHex, authority: client.identity)
        let expires: UInt64
        if let validUntil, let date = try? ISODate(parsing: validUntil) {
            expires = UInt64(date.daysSinceEpoch + 1) * 86_400_000 - 1
        } else {
            expires = 253_402_300_799_000  // 9999-12-31: no expiry
        }
        let issued = try KeyIssued(authority: client.identity.memberID, holder: holder,
                                   attributeSetDigest: certificate.attributeCommitment, expiresAt: expires)
        return (certificate, SignedKeyFile(certificate: certificate, key: Data(keyBytes)).encoded(), issued)
    }

    private func anchor(_ issued: KeyIssued) throws -> Receipt {
        try client.submitting { nonce in
            let tx = try client.sign([.keyIssued(issued)], firstNonce: nonce)[0]
            return try client.call("POST", "/v1/keys", json: TransactionsRequest(transactions: [Data(tx.encoded)]), as: Receipt.self)
        }
    }
}
