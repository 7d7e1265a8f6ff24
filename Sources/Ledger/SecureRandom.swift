import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's RAND_bytes.
public enum SecureRandom {
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&out, Int32(count)) == 1 else {
            throw LedgerError.cryptoFailure("RAND_bytes could not produce \(count) random bytes")
        }
        return out
    }

    public static func uint64() throws -> UInt64 {
        try bytes(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
