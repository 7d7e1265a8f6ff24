import ABE
import Foundation
import Ledger
import VaultSupport

/// The key authority's signed statement about one attribute key: who holds
/// it (a chain member), which attributes it carries, until when, and the
/// SHA-256 of the key file itself. Holder, expiry and attributes cannot be
/// edited without the Ed25519 signature failing. The node checks it before
/// serving a read; the key itself never leaves the reader.
public struct KeyCertificate: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey { case format, authority, holder, attributes, keyAttributes = "key_attributes", validUntil = "valid_until", authorityFingerprint = "authority_fingerprint", keySha256 = "key_sha256", salt, issuedAt = "issued_at", signature }

    public static let format = "record-vault-key-certificate/v1"
    public var format = KeyCertificate.format
    /// Member id of the issuing key authority.
    public var authority: String
    /// Member id of the holder; only this member's signed requests may use it.
    public var holder: String
    /// The attribute set, canonical text.
    public var attributes: String
    /// Every attribute the key holds, numeric values as their bit attributes:
    /// what the node judges a policy against.
    public var keyAttributes: [String]
    /// Last day the key is valid (ISO date), if it expires.
    public var validUntil: String?
    public var authorityFingerprint: String
    /// SHA-256 of the ABE key file (hex).
    public var keySha256: String
    /// Salt of the `KeyIssued` commitment to the attributes (hex).
    public var salt: String
    public var issuedAt: UInt64
    public var signature: String

    /// The bytes the authority signs: a domain line, then each field on its own line.
    var signedBytes: [UInt8] {
        Array(([Self.format, authority, holder, attributes, keyAttributes.joined(separator: ","), validUntil ?? "-", authorityFingerprint, keySha256, salt,
                String(issuedAt)]).joined(separator: "\n").utf8)
    }

    /// `KeyIssued.attributeSetDigest`: a salted commitment, so the chain does
    /// not reveal the attributes to someone guessing them from the catalog.
    public var attributeCommitment: Digest32 {
        SHA256.hash(Array("record-vault/key-attributes/v1".utf8), Hex.decode(salt) ?? [], Array(attributes.utf8))
    }

    static func issue(key: [UInt8], attributes: String, keyAttributes: [String], validUntil: String?, holder: String,
                      fingerprint: String, authority: Identity, issuedAt: UInt64 = LedgerClock.nowMillis()) throws -> KeyCertificate {
        for field in [holder, attributes, validUntil ?? ""] + keyAttributes where field.contains("\n") {
            throw VaultError.malformed("a key certificate field may not contain a line break")
        }
        for attribute in keyAttributes where attribute.contains(",") {
            throw VaultError.malformed("attribute \(DisplayText.escaped(attribute)) may not contain a comma")
        }
        var certificate = KeyCertificate(authority: authority.memberID, holder: holder, attributes: attributes,
                                         keyAttributes: keyAttributes, validUntil: validUntil, authorityFingerprint: fingerprint,
                                         keySha256: Hex.encode(Digest.sha256(key)), salt: Hex.encode(SecureRandom.bytes(32)),
                                         issuedAt: issuedAt, signature: "")
        certificate.signature = Hex.encode(try authority.key.sign(certificate.signedBytes))
        return certificate
    }

    /// Checks the signature with the authority's key.
    public func verify(authorityKey: PublicKey) throws(VaultError) {
        guard format == Self.format else { throw .malformed("unknown key certificate format \(DisplayText.escaped(format))") }
        guard let raw = Hex.decode(signature), authorityKey.isValidSignatureOnce(raw, for: signedBytes) else {
            throw .keyRefused("the key certificate is not signed by the authority \(DisplayText.escaped(authority)) (edited or forged)")
        }
    }

    /// Whether the key is past its last valid day on `today`.
    public func isExpired(on today: ISODate) -> Bool {
        guard let validUntil else { return false }
        return validUntil < today.description
    }
}

/// A reader's key file: the certificate and the ABE key it certifies.
///
///     {"format": "record-vault-signed-key/v1", "certificate": {…}, "key": "<base64 ABE key file>"}
public struct SignedKeyFile: Codable, Sendable {
    public static let format = "record-vault-signed-key/v1"
    public var format = SignedKeyFile.format
    public var certificate: KeyCertificate
    public var key: Data

    public init(certificate: KeyCertificate, key: Data) {
        self.certificate = certificate
        self.key = key
    }

    public func encoded() -> [UInt8] {
        let e = NodeJSON.encoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? [UInt8](e.encode(self))) ?? []
    }

    /// Decodes a key file and checks that the key is the one certified.
    public static func decode(_ bytes: [UInt8], path: String) throws(VaultError) -> (SignedKeyFile, UserSecretKey) {
        let file: SignedKeyFile
        do { file = try NodeJSON.decoder().decode(SignedKeyFile.self, from: Data(bytes)) } catch {
            throw .malformed("\(path) is not a signed key file (\(SignedKeyFile.format)); ask the key authority for one")
        }
        guard file.format == format else { throw .malformed("\(path): unknown format \(DisplayText.escaped(file.format))") }
        guard Hex.encode(Digest.sha256([UInt8](file.key))) == file.certificate.keySha256 else {
            throw .keyRefused("the key in \(path) is not the one its certificate names")
        }
        let key: UserSecretKey
        do { key = try ABE.KeyFile.decodeUserKey([UInt8](file.key)) } catch { throw .malformed("\(path): \(error.description)") }
        guard key.publicParameters.fingerprintHex == file.certificate.authorityFingerprint else {
            throw .keyRefused("the key in \(path) belongs to another authority than its certificate says")
        }
        return (file, key)
    }
}
