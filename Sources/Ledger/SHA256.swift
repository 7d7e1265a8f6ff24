import COpenSSL

/// A SHA-256 output. Always exactly 32 bytes.
public struct Digest32: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public static let byteCount = 32
    public static let zero = Digest32(unchecked: [UInt8](repeating: 0, count: byteCount))

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    public init?(hex: String) {
        guard let raw = Hex.decode(hex) else { return nil }
        self.init(bytes: raw)
    }

    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    public static func < (a: Digest32, b: Digest32) -> Bool {
        a.bytes.lexicographicallyPrecedes(b.bytes)
    }
}

/// SHA-256 through OpenSSL's EVP interface. The algorithm object is fetched
/// once: in OpenSSL 3 an implicit fetch per call costs more than hashing a
/// short transaction.
public enum SHA256 {
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// Hashes the concatenation of `parts` (no separators: callers that need
    /// domain separation put a tag byte first).
    public static func hash(_ parts: [UInt8]...) -> Digest32 {
        hash(parts: parts)
    }

    public static func hash(parts: [[UInt8]]) -> Digest32 {
        guard let md = algorithm, let ctx = EVP_MD_CTX_new() else {
            fatalError("OpenSSL cannot provide SHA-256; the installation is broken")
        }
        defer { EVP_MD_CTX_free(ctx) }
        var ok = EVP_DigestInit_ex2(ctx, md, nil) == 1
        for part in parts where ok {
            ok = part.withUnsafeBytes { EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) } == 1
        }
        var out = [UInt8](repeating: 0, count: Digest32.byteCount)
        var length: UInt32 = 0
        if ok { ok = EVP_DigestFinal_ex(ctx, &out, &length) == 1 }
        guard ok, length == 32 else {
            fatalError("OpenSSL SHA-256 failed on in-memory input")
        }
        return Digest32(unchecked: out)
    }
}
