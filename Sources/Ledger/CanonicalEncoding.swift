import VaultSupport
/// The one binary encoding of everything the chain hashes or signs.
///
/// - Integers are fixed-width big-endian (u8, u32, u64), so each value has
///   exactly one encoding.
/// - Byte strings and UTF-8 strings are prefixed by a u32 length.
/// - Fixed-size values (hashes, keys, signatures) are written without a prefix.
/// - Every signed or hashed structure starts with its own tag byte, which
///   separates the signing domains: a block-header signature can never pass
///   as a transaction signature.
///
/// Decoding is strict: it rejects trailing bytes, lengths that run past the
/// end, invalid UTF-8, unknown tags, versions and enumeration values, unknown
/// flag bits and unsorted or repeated set elements, so that two different
/// byte strings never decode to the same value.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u32(_ v: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    mutating func u64(_ v: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    mutating func fixed(_ v: [UInt8]) { bytes.append(contentsOf: v) }

    mutating func digest(_ d: Digest32) { bytes.append(contentsOf: d.bytes) }

    mutating func lengthPrefixed(_ v: [UInt8]) {
        u32(UInt32(v.count))
        bytes.append(contentsOf: v)
    }

    mutating func string(_ s: String) { lengthPrefixed(Array(s.utf8)) }
}

struct CanonicalReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    /// Largest length prefix accepted for any field: no field of the chain
    /// comes near it, and it keeps a forged prefix from allocating gigabytes.
    static let maxFieldBytes = 1 << 20

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw LedgerError.malformedEncoding("\(what()) needs \(count) bytes but only \(remaining) remain")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func u8() throws -> UInt8 { try take(1, "a byte").first ?? 0 }

    mutating func u32() throws -> UInt32 {
        try take(4, "a 32-bit integer").reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
        try take(8, "a 64-bit integer").reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func fixed(_ count: Int) throws -> [UInt8] { Array(try take(count, "a \(count)-byte field")) }

    mutating func digest() throws -> Digest32 { Digest32(unchecked: try fixed(Digest32.byteCount)) }

    mutating func lengthPrefixed(max: Int = maxFieldBytes) throws -> [UInt8] {
        let length = Int(try u32())
        guard length <= max else {
            throw LedgerError.malformedEncoding("field length \(length) exceeds the limit \(max)")
        }
        return Array(try take(length, "a length-prefixed field"))
    }

    mutating func string(max: Int = maxFieldBytes) throws -> String {
        let raw = try lengthPrefixed(max: max)
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw LedgerError.malformedEncoding("string is not valid UTF-8")
        }
        return s
    }

    /// A count prefix for a list, checked against a plausible minimum size per
    /// element so that a forged count cannot make the decoder loop for long.
    mutating func count(minElementBytes: Int, limit: Int = 1 << 20) throws -> Int {
        let n = Int(try u32())
        guard n <= limit else { throw LedgerError.malformedEncoding("list count \(n) exceeds the limit of \(limit)") }
        guard n * Swift.max(1, minElementBytes) <= remaining else {
            throw LedgerError.malformedEncoding("list count \(n) does not fit the \(remaining) remaining bytes")
        }
        return n
    }

    mutating func expectTag(_ tag: UInt8, _ what: String) throws {
        let got = try u8()
        guard got == tag else {
            throw LedgerError.malformedEncoding("expected a \(what) (tag 0x\(Hex.encode([tag]))), found tag 0x\(Hex.encode([got]))")
        }
    }

    func finish(_ what: String) throws {
        guard remaining == 0 else {
            throw LedgerError.malformedEncoding("\(remaining) trailing bytes after the \(what)")
        }
    }
}

/// A value with a canonical encoding. `decode` is the strict inverse of
/// `encode`: `decode(encode(x)) == x` and every accepted byte string is the
/// encoding of the value it decodes to.
protocol CanonicalCodable {
    func encode(to w: inout CanonicalWriter)
    static func decode(from r: inout CanonicalReader) throws -> Self
}

extension CanonicalCodable {
    var canonicalBytes: [UInt8] {
        var w = CanonicalWriter()
        encode(to: &w)
        return w.bytes
    }

    /// Decodes a whole buffer, rejecting trailing bytes.
    static func decode(canonical bytes: [UInt8]) throws -> Self {
        var r = CanonicalReader(bytes)
        let value = try decode(from: &r)
        try r.finish(String(describing: Self.self))
        return value
    }
}

/// Runs a constructor's input checks during decoding, reporting a rule break
/// as a malformed encoding rather than as bad user input.
func decodingRule<T>(_ build: () throws -> T) throws -> T {
    do {
        return try build()
    } catch LedgerError.invalidInput(let why) {
        throw LedgerError.malformedEncoding(why)
    }
}
