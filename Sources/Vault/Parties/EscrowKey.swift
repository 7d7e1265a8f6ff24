import Crypto
import Foundation
import VaultSupport

/// A provider's escrow key pair: each record's data key is sealed to the
/// provider's own X25519 public key with HPKE base mode (RFC 9180 §5.1.1,
/// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM), so the node that
/// stores the escrow cannot open it, and only the provider's machine can
/// re-wrap a record on a consent change.
public struct EscrowKey: Sendable {
    static var suite: HPKE.Ciphersuite { HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_256) }
    static let info = Data("record-vault/escrow/v2".utf8)
    static let magic = Array("RVESC2".utf8)

    /// The X25519 private key, 32 bytes (kept raw: CryptoKit's key type is not Sendable).
    public let rawRepresentation: [UInt8]
    var privateKey: Curve25519.KeyAgreement.PrivateKey {
        // Checked in init: 32 bytes always make an X25519 key.
        try! .init(rawRepresentation: rawRepresentation)
    }

    public static func generate() -> EscrowKey {
        EscrowKey(checked: [UInt8](Curve25519.KeyAgreement.PrivateKey().rawRepresentation))
    }

    public init(rawRepresentation: [UInt8]) throws(VaultError) {
        guard rawRepresentation.count == 32 else { throw .malformed("an escrow key is 32 bytes of X25519 private key") }
        self.rawRepresentation = rawRepresentation
    }

    private init(checked raw: [UInt8]) { rawRepresentation = raw }
    public var publicKey: [UInt8] { [UInt8](privateKey.publicKey.rawRepresentation) }

    /// "RVESC2" ‖ encapsulated key (32) ‖ HPKE ciphertext of the data key;
    /// the associated data binds it to the record id and the blob's hash.
    public func seal(dataKey: [UInt8], recordID: String, blobSHA256: String) throws -> [UInt8] {
        var sender = try HPKE.Sender(recipientKey: privateKey.publicKey, ciphersuite: Self.suite, info: Self.info)
        let sealed = try sender.seal(dataKey, authenticating: Self.associatedData(recordID, blobSHA256))
        return Self.magic + [UInt8](sender.encapsulatedKey) + [UInt8](sealed)
    }

    public func open(_ escrow: [UInt8], recordID: String, blobSHA256: String) throws(VaultError) -> [UInt8] {
        let header = Self.magic.count + 32
        guard escrow.count > header, Array(escrow.prefix(Self.magic.count)) == Self.magic else {
            throw .malformed("the escrow of \(recordID) is not an HPKE escrow (RVESC2)")
        }
        do {
            var recipient = try HPKE.Recipient(privateKey: privateKey, ciphersuite: Self.suite, info: Self.info,
                                               encapsulatedKey: Data(escrow[Self.magic.count..<header]))
            return [UInt8](try recipient.open(Data(escrow[header...]), authenticating: Self.associatedData(recordID, blobSHA256)))
        } catch {
            throw .keyRefused("the escrow of \(recordID) does not open with this provider's escrow key")
        }
    }

    static func associatedData(_ recordID: String, _ blobSHA256: String) -> Data {
        Data("record-vault/escrow/v2/\(recordID)/\(blobSHA256)".utf8)
    }
}
