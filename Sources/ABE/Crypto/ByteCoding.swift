/// Length-prefixed big-endian binary coding for keys and containers.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: Int) { precondition(v >= 0 && v <= 0xffff); bytes += [UInt8(v >> 8), UInt8(v & 0xff)] }
    mutating func u32(_ v: Int) { precondition(v >= 0 && v <= 0xffff_ffff); for s in [24, 16, 8, 0] { bytes.append(UInt8((v >> s) & 0xff)) } }
    mutating func u64(_ v: Int) { precondition(v >= 0); for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((v >> s) & 0xff)) } }
    mutating func raw(_ b: some Sequence<UInt8>) { bytes += b }
    /// u32 length, then the bytes.
    mutating func field(_ b: [UInt8]) { u32(b.count); bytes += b }
    mutating func string(_ s: String) { field(Array(s.utf8)) }
}

/// Why a reader stopped: which part was short or malformed.
struct ByteReaderError: Error {
    let part: String
    let problem: String
}

struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int, _ part: String) throws(ByteReaderError) -> [UInt8] {
        guard n >= 0, remaining >= n else {
            throw ByteReaderError(part: part, problem: "truncated: needs \(n) bytes, \(remaining) left")
        }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }
    mutating func u8(_ part: String) throws(ByteReaderError) -> UInt8 { try take(1, part)[0] }
    mutating func u16(_ part: String) throws(ByteReaderError) -> Int { try take(2, part).reduce(0) { $0 << 8 | Int($1) } }
    mutating func u32(_ part: String) throws(ByteReaderError) -> Int { try take(4, part).reduce(0) { $0 << 8 | Int($1) } }
    mutating func u64(_ part: String) throws(ByteReaderError) -> Int {
        let b = try take(8, part)
        guard b[0] & 0x80 == 0 else { throw ByteReaderError(part: part, problem: "length out of range") }
        return b.reduce(0) { $0 << 8 | Int($1) }
    }
    /// A u32-length-prefixed field of at most `limit` bytes.
    mutating func field(_ part: String, limit: Int) throws(ByteReaderError) -> [UInt8] {
        let n = try u32(part + " length")
        guard n <= limit else { throw ByteReaderError(part: part, problem: "length \(n) exceeds the limit of \(limit)") }
        return try take(n, part)
    }
    mutating func string(_ part: String, limit: Int) throws(ByteReaderError) -> String {
        let b = try field(part, limit: limit)
        guard let s = String(validating: b, as: UTF8.self) else { throw ByteReaderError(part: part, problem: "not UTF-8") }
        return s
    }
    func expectEnd(_ part: String) throws(ByteReaderError) {
        guard isAtEnd else { throw ByteReaderError(part: part, problem: "\(remaining) unexpected trailing bytes") }
    }
}
