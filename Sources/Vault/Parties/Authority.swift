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
        try Files.write(SignedKeyFile(certificate: certificate, key: Data(keyBytes)).encoded(), to: output, secret: true)
        let expires: UInt64
        if let validUntil, let date = try? ISODate(parsing: validUntil) {
            expires = UInt64(date.daysSinceEpoch + 1) * 86_400_000 - 1
        } else {
            expires = 253_402_300_799_000  // 9999-12-31: no expiry
        }
        do {
            let issued = try KeyIssued(authority: client.identity.memberID, holder: holder,
                                       attributeSetDigest: certificate.attributeCommitment, expiresAt: expires)
            let receipt = try client.submitting { nonce in
                let tx = try client.sign([.keyIssued(issued)], firstNonce: nonce)[0]
                return try client.call("POST", "/v1/keys", json: TransactionsRequest(transactions: [Data(tx.encoded)]), as: Receipt.self)
            }
            return (certificate, receipt)
        } catch {
            unlink(output)
            throw error
        }
    }
}
