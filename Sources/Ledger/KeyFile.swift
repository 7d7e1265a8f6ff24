import Foundation
import VaultSupport

/// A member's secret key on disk: JSON, mode 0600, written atomically and
/// never overwritten. The secret is the 32-byte Ed25519 seed in hex.
///
///     {"format": "vault-ledger-key/v1", "member_id": "admin-1", "algorithm": "Ed25519",
///      "public_key": "<64 hex>", "secret_key": "<64 hex>"}
public enum KeyFile {
    public static let format = "vault-ledger-key/v1"

    private struct Document: Codable {
        let format: String
        let memberID: String
        let algorithm: String
        let publicKey: String
        let secretKey: String

        enum CodingKeys: String, CodingKey {
            case format, algorithm
            case memberID = "member_id", publicKey = "public_key", secretKey = "secret_key"
        }
    }

    /// Generates a fresh identity and writes it to `path` (mode 0600).
    /// Refuses to replace an existing file.
    public static func generate(memberID: String, path: String) throws -> Identity {
        let identity = try generate(memberID: memberID)
        try write(identity, to: path)
        return identity
    }

    /// A fresh identity for a checked member id, not yet written anywhere.
    public static func generate(memberID: String) throws -> Identity {
        try Text.checkMemberID(memberID)
        return Identity(memberID: memberID, key: try SigningKey.generate())
    }

    public static func write(_ identity: Identity, to path: String) throws {
        let bytes = try encoded(identity)
        do throws(AtomicFile.Error) { try AtomicFile.write(bytes, to: path, secret: true, overwrite: false) } catch { throw LedgerError.from(error) }
    }

    /// The key file's bytes (a secret: write them only where others cannot read).
    public static func encoded(_ identity: Identity) throws -> [UInt8] {
        let document = Document(format: format, memberID: identity.memberID, algorithm: "Ed25519",
                                publicKey: identity.publicKey.hex, secretKey: Hex.encode(try identity.key.seed()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [UInt8](try encoder.encode(document))
    }

    /// Reads a key file. Like ssh, refuses one that others can read.
    public static func read(path: String) throws -> Identity {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw LedgerError.notFound("cannot read key file \(path)")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw LedgerError.invalidInput("key file \(path) can be read by others (mode \(String(mode, radix: 8))); run chmod 600 on it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError.notFound("cannot read key file \(path)")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw LedgerError.invalidInput("\(path) is not a vault key file")
        }
        guard document.format == format, document.algorithm == "Ed25519" else {
            throw LedgerError.invalidInput("\(path) has format '\(document.format)' / '\(document.algorithm)', expected \(format) / Ed25519")
        }
        try Text.checkMemberID(document.memberID)
        guard let seed = Hex.decode(document.secretKey), seed.count == SigningKey.seedByteCount else {
            throw LedgerError.invalidInput("the secret key in \(path) is not 32 bytes of hex")
        }
        let key = try SigningKey(seed: seed)
        guard key.publicKey.hex == document.publicKey.lowercased() else {
            throw LedgerError.invalidInput("the public key in \(path) does not match its secret key")
        }
        return Identity(memberID: document.memberID, key: key)
    }
}
