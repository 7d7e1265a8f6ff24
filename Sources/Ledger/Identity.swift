import COpenSSL
import VaultSupport

/// An Ed25519 public key (RFC 8032), kept as its 32 raw bytes plus the parsed
/// OpenSSL key object. Parsing once and reusing the object matters: chain
/// verification checks tens of thousands of signatures per member.
public final class PublicKey: Hashable, @unchecked Sendable, CustomStringConvertible {
    // @unchecked Sendable: `pkey` is never modified after init, and OpenSSL 3
    // allows one EVP_PKEY to be used by several threads at once for verification.
    public static let byteCount = 32
    public static let signatureByteCount = 64

    public let rawBytes: [UInt8]
    private let pkey: OpaquePointer

    public init(rawBytes: [UInt8]) throws {
        guard rawBytes.count == Self.byteCount else {
            throw LedgerError.malformedEncoding("an Ed25519 public key has 32 bytes, not \(rawBytes.count)")
        }
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawBytes, rawBytes.count) else {
            ERR_clear_error()
            throw LedgerError.malformedEncoding("not an Ed25519 public key")
        }
        self.rawBytes = rawBytes
        self.pkey = key
    }

    public convenience init(hex: String) throws {
        guard let raw = Hex.decode(hex) else {
            throw LedgerError.invalidInput("public key is not hexadecimal")
        }
        try self.init(rawBytes: raw)
    }

    deinit { EVP_PKEY_free(pkey) }

    public var hex: String { Hex.encode(rawBytes) }
    public var description: String { hex }

    /// True when `signature` is a valid Ed25519 signature of `message`.
    /// OpenSSL rejects non-canonical S values, so signatures are not malleable.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in
            message.withUnsafeBytes { m in isValidSignature(s, for: m) }
        }
    }

    /// The same check on borrowed bytes, so a transaction's signature can be
    /// checked in place inside its encoding.
    func isValidSignature(_ signature: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == Self.signatureByteCount, let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        let ok = EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1
            && EVP_DigestVerify(ctx, signature.baseAddress?.assumingMemoryBound(to: UInt8.self), signature.count,
                                message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
        if !ok { ERR_clear_error() }
        return ok
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.rawBytes == b.rawBytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawBytes) }
}

/// An Ed25519 secret key. The 32-byte seed never leaves this type except
/// through `KeyFile`, which writes it with mode 0600.
public final class SigningKey: @unchecked Sendable {
    // @unchecked Sendable: immutable after init; OpenSSL signs with a shared
    // EVP_PKEY from several threads safely.
    public static let seedByteCount = 32

    private let pkey: OpaquePointer
    public let publicKey: PublicKey

    /// A fresh key: the seed is 32 random bytes (RFC 8032 §5.1.5).
    public static func generate() throws -> SigningKey {
        try SigningKey(seed: SecureRandom.bytes(seedByteCount))
    }

    public init(seed: [UInt8]) throws {
        guard seed.count == Self.seedByteCount else {
            throw LedgerError.malformedEncoding("an Ed25519 secret key has 32 bytes, not \(seed.count)")
        }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            ERR_clear_error()
            throw LedgerError.cryptoFailure("OpenSSL refused the Ed25519 secret key")
        }
        var raw = [UInt8](repeating: 0, count: PublicKey.byteCount)
        var length = raw.count
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == PublicKey.byteCount else {
            EVP_PKEY_free(key)
            ERR_clear_error()
            throw LedgerError.cryptoFailure("OpenSSL could not derive the Ed25519 public key")
        }
        self.pkey = key
        self.publicKey = try PublicKey(rawBytes: raw)
    }

    deinit { EVP_PKEY_free(pkey) }

    /// The 32-byte seed, for writing a key file.
    func seed() throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: Self.seedByteCount)
        var length = raw.count
        guard EVP_PKEY_get_raw_private_key(pkey, &raw, &length) == 1, length == Self.seedByteCount else {
            ERR_clear_error()
            throw LedgerError.cryptoFailure("OpenSSL could not export the Ed25519 secret key")
        }
        return raw
    }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else {
            throw LedgerError.cryptoFailure("out of memory creating a signing context")
        }
        defer { EVP_MD_CTX_free(ctx) }
        var signature = [UInt8](repeating: 0, count: PublicKey.signatureByteCount)
        var length = signature.count
        guard EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1,
              EVP_DigestSign(ctx, &signature, &length, message, message.count) == 1,
              length == PublicKey.signatureByteCount else {
            ERR_clear_error()
            throw LedgerError.cryptoFailure("Ed25519 signing failed")
        }
        VerifiedSignatures.shared.remember(signature, for: message, key: publicKey)
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
