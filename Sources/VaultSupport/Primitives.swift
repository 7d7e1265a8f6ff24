// Module VaultSupport: what ABE, Ledger and Vault share: SHA-256, HMAC, HKDF,
// secure randomness and atomic file writes, on OpenSSL's libcrypto and POSIX.
import COpenSSL

/// SHA-256, HMAC-SHA-256, HKDF-SHA-256 (RFC 5869) and random bytes from
/// OpenSSL's libcrypto.
public enum Digest {
    /// The algorithm object is fetched once: in OpenSSL 3 an implicit fetch
    /// per call costs more than hashing a short message.
    nonisolated(unsafe) private static let sha256Algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    public static func sha256(_ data: some Collection<UInt8>) -> [UInt8] { sha256(parts: [Array(data)]) }

    /// SHA-256 of the concatenation of `parts` (no separators: callers that
    /// need domain separation put a tag first).
    public static func sha256(parts: [[UInt8]]) -> [UInt8] {
        guard let md = sha256Algorithm, let ctx = EVP_MD_CTX_new() else {
            fatalError("OpenSSL cannot provide SHA-256; the installation is broken")
        }
        defer { EVP_MD_CTX_free(ctx) }
        var ok = EVP_DigestInit_ex2(ctx, md, nil) == 1
        for part in parts where ok {
            ok = part.withUnsafeBytes { EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) } == 1
        }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        if ok { ok = EVP_DigestFinal_ex(ctx, &out, &length) == 1 }
        guard ok, length == 32 else { fatalError("OpenSSL SHA-256 failed on in-memory input") }
        return out
    }

    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out, &length)
            }
        }
        precondition(result != nil && length == 32, "OpenSSL HMAC-SHA-256 failed")
        return out
    }

    /// HKDF-SHA-256: extract with `salt`, then expand to `length` bytes (RFC 5869 §2).
    public static func hkdf(secret: [UInt8], salt: [UInt8] = [], info: [UInt8], length: Int) -> [UInt8] {
        precondition(length <= 255 * 32, "HKDF output too long")
        let prk = hmacSHA256(key: salt.isEmpty ? [UInt8](repeating: 0, count: 32) : salt, message: secret)
        var output = [UInt8]()
        var previous = [UInt8]()
        var counter: UInt8 = 1
        while output.count < length {
            previous = hmacSHA256(key: prk, message: previous + info + [counter])
            output += previous
            counter += 1
        }
        return Array(output.prefix(length))
    }
}

public enum SecureRandom {
    /// Bytes from OpenSSL's RAND_bytes; traps if the system has no secure randomness.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = out.withUnsafeMutableBytes { RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(count)) }
        precondition(ok == 1, "OpenSSL RAND_bytes failed: no secure randomness available")
        return out
    }
}

/// Overwrites a secret buffer (OPENSSL_cleanse cannot be optimized away).
public func scrub(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { OPENSSL_cleanse(base, $0.count) } }
}
