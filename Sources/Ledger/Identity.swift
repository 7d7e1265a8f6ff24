import Crypto
import Foundation
import VaultSupport

// Ed25519 (RFC 8032) through swift-crypto, which runs BoringSSL's
// implementation: on this project's machines it signs in about a third and
// verifies in about half of the time OpenSSL 3's EVP interface takes
// (19 µs and 82 µs against 51–67 µs and 135–180 µs), and signature checks
// are most of what the chain and the node spend.

/// An Ed25519 public key (RFC 8032), kept as its 32 raw bytes plus the
/// library's key value. Parsing once and reusing it matters: chain
/// verification checks tens of thousands of signatures per member.
public final class PublicKey: Hashable, @unchecked Sendable, CustomStringConvertible {
    // @unchecked Sendable: both stored properties are immutable values;
    // swift-crypto 3 does not mark its key types Sendable.
    public static let byteCount = 32
    public static let signatureByteCount = 64

    public let rawBytes: [UInt8]
    private let key: Curve25519.Signing.PublicKey

    public init(rawBytes: [UInt8]) throws {
        guard rawBytes.count == Self.byteCount else {
            throw LedgerError.malformedEncoding("an Ed25519 public key has 32 bytes, not \(rawBytes.count)")
        }
        do { key = try Curve25519.Signing.PublicKey(rawRepresentation: rawBytes) } catch {
            throw LedgerError.malformedEncoding("not an Ed25519 public key")
        }
        self.rawBytes = rawBytes
    }

    public convenience init(hex: String) throws {
        guard let raw = Hex.decode(hex) else {
            throw LedgerError.invalidInput("public key is not hexadecimal")
        }
        try self.init(rawBytes: raw)
    }

    public var hex: String { Hex.encode(rawBytes) }
    public var description: String { hex }

    /// True when `signature` is a valid Ed25519 signature of `message`.
    /// BoringSSL refuses an S outside [0, L) (RFC 8032 §5.1.7), so
    /// signatures are not malleable, and an A or R that is not a point.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in
            message.withUnsafeBytes { m in isValidSignature(s, for: m) }
        }
    }

    /// The same check on borrowed bytes, so a transaction's signature can be
    /// checked in place inside its encoding.
    func isValidSignature(_ signature: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == Self.signatureByteCount else { return false }
        return key.isValidSignature(signature, for: message)
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.rawBytes == b.rawBytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawBytes) }
}

/// An Ed25519 secret key. The 32-byte seed never leaves this type except
/// through `KeyFile`, which writes it with mode 0600.
public final class SigningKey: @unchecked Sendable {
    // @unchecked Sendable: immutable after init (see PublicKey).
    public static let seedByteCount = 32

    private let key: Curve25519.Signing.PrivateKey
    public let publicKey: PublicKey

    /// A fresh key: the seed is 32 random bytes (RFC 8032 §5.1.5).
    public static func generate() throws -> SigningKey {
        try SigningKey(seed: SecureRandom.bytes(seedByteCount))
    }

    public init(seed: [UInt8]) throws {
        guard seed.count == Self.seedByteCount else {
            throw LedgerError.malformedEncoding("an Ed25519 secret key has 32 bytes, not \(seed.count)")
        }
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed) } catch {
            throw LedgerError.cryptoFailure("the Ed25519 secret key was refused")
        }
        publicKey = try PublicKey(rawBytes: [UInt8](key.publicKey.rawRepresentation))
    }

    /// The 32-byte seed, for writing a key file.
    func seed() throws -> [UInt8] { [UInt8](key.rawRepresentation) }

    /// Signs `message`. With `remembering` (a node's own seals and
    /// transactions, which it judges in this process) the signature goes into
    /// `VerifiedSignatures.shared`; a party's signatures are verified by a
    /// node in another process and are not remembered, so a benchmark that
    /// runs clients and nodes in one process still verifies them.
    public func sign(_ message: [UInt8], remembering: Bool = true) throws -> [UInt8] {
        let signature: [UInt8]
        do { signature = [UInt8](try key.signature(for: message)) } catch {
            throw LedgerError.cryptoFailure("Ed25519 signing failed")
        }
        guard signature.count == PublicKey.signatureByteCount else { throw LedgerError.cryptoFailure("Ed25519 signing failed") }
        if remembering { VerifiedSignatures.shared.remember(signature, for: message, key: publicKey) }
        return signature
    }
}

/// A member acting on the chain: its member id and its secret key.
public struct Identity: Sendable {
    public let memberID: String
    public let key: SigningKey

    public init(memberID: String, key: SigningKey) {
        self.memberID = memberID
        self.key = key
    }

    public var publicKey: PublicKey { key.publicKey }
}

extension Identity {
    /// A 32-byte secret only this identity can compute, for purposes other
    /// than signing (the vault seals each record's data key to its provider
    /// with it): SHA-256 of a domain tag, the purpose and the Ed25519 seed.
    /// The seed is uniformly random, so a domain-separated hash of it is a
    /// sound key derivation.
    public func derivedSecret(purpose: String) throws -> [UInt8] {
        var seed = try key.seed()
        defer { for i in seed.indices { seed[i] = 0 } }
        let tag = Array("vault-ledger/derived-secret/v1".utf8)
        return SHA256.hash(parts: [tag, [UInt8(truncatingIfNeeded: purpose.utf8.count)], Array(purpose.utf8), seed]).bytes
    }
}
