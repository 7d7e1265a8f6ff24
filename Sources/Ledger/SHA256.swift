import COpenSSL
import VaultSupport

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

/// SHA-256 as the ledger's `Digest32` (VaultSupport computes it).
public enum SHA256 {
    /// Hashes the concatenation of `parts` (no separators: callers that need
    /// domain separation put a tag byte first).
    public static func hash(_ parts: [UInt8]...) -> Digest32 {
        hash(parts: parts)
    }

    public static func hash(parts: [[UInt8]]) -> Digest32 {
        Digest32(unchecked: Digest.sha256(parts: parts))
    }
}
