// Module VaultSupport: what ABE, Ledger and Vault share: SHA-256, HMAC, HKDF,
// secure randomness and atomic file writes, on OpenSSL's libcrypto and POSIX.
import COpenSSL

/// SHA-256, HMAC-SHA-256, HKDF-SHA-256 (RFC 5869) and random bytes from
/// OpenSSL's libcrypto.
public enum Digest {
    public static func sha256(_ data: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(data)
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &out, &length, EVP_sha256(), nil) }
        precondition(ok == 1, "OpenSSL SHA-256 failed")
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
