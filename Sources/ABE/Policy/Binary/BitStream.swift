/// Bit-level writing and reading for the binary policy encoding
/// (docs/ABE.md, "Binary policy encoding"): bits are packed most significant
/// first; the last byte is padded with zero bits.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var used = 0  // bits used in the last byte (0 = start a new byte)

    /// Bits written so far.
    var bitCount: Int { bytes.count * 8 - (used == 0 ? 0 : 8 - used) }

    mutating func bit(_ set: Bool) {
        if used == 0 { bytes.append(0) }
        if set { bytes[bytes.count - 1] |= 0x80 >> UInt8(used) }
        used = (used + 1) % 8
    }

    /// The low `count` bits of `value`, most significant first.
    mutating func bits(_ value: Int, count: Int) {
        // A byte's worth at a time: as many bits as the last byte has room for.
        var remaining = count
        while remaining > 0 {
            if used == 0 { bytes.append(0) }
            let take = min(8 - used, remaining)
            let chunk = UInt8(truncatingIfNeeded: (value >> (remaining - take)) & ((1 << take) - 1))
            bytes[bytes.count - 1] |= chunk << UInt8(8 - used - take)
            used = (used + take) % 8
            remaining -= take
        }
    }

    /// Unsigned Exp-Golomb code of order 0 (ITU-T H.264 §9.1): for v ≥ 0,
    /// N zero bits, then the N+1 bits of v + 1. 0 takes 1 bit, 1…2 take 3,
    /// 3…6 take 5.
    mutating func unsigned(_ value: Int) {
        precondition(value >= 0 && value < Int.max)
        let plusOne = value + 1
        let width = Int.bitWidth - plusOne.leadingZeroBitCount
        bits(0, count: width - 1)
        bits(plusOne, count: width)
    }

    /// A sign bit (1 = negative), then the magnitude as `unsigned`; zero is
    /// always positive, so every value has one code. Magnitudes up to 2^62.
    mutating func signed(_ value: Int) {
        precondition(value.magnitude <= 1 << 62)
        bit(value < 0)
        unsigned(Int(value.magnitude))
    }

    /// Bits an unsigned Exp-Golomb code of `value` takes.
    static func unsignedBits(_ value: Int) -> Int {
        2 * (Int.bitWidth - (value + 1).leadingZeroBitCount) - 1
    }
}

/// Why the bit reader stopped.
struct BitReaderError: Error {
    let problem: String
}

struct BitReader {
    let bytes: [UInt8]
    private(set) var position = 0  // in bits

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remainingBits: Int { bytes.count * 8 - position }

    mutating func bit() throws(BitReaderError) -> Bool {
        guard position < bytes.count * 8 else { throw BitReaderError(problem: "ends in the middle of a field") }
        defer { position += 1 }
        return bytes[position / 8] & (0x80 >> UInt8(position % 8)) != 0
    }

    mutating func bits(_ count: Int) throws(BitReaderError) -> Int {
        var value = 0
        for _ in 0..<count { value = value << 1 | (try bit() ? 1 : 0) }
        return value
    }

    /// Unsigned Exp-Golomb, refusing codes of more than `maxBits` value bits
    /// (at most 62, so a run of zero bits cannot make the value overflow).
    mutating func unsigned(maxBits: Int = 40) throws(BitReaderError) -> Int {
        precondition(maxBits <= 62)
        var zeros = 0
        while try !bit() {
            zeros += 1
            guard zeros <= maxBits else { throw BitReaderError(problem: "a number longer than \(maxBits) bits") }
        }
        return ((1 << zeros) | (try bits(zeros))) - 1
    }

    mutating func signed(maxBits: Int = 62) throws(BitReaderError) -> Int {
        let negative = try bit()
        let magnitude = try unsigned(maxBits: maxBits)
        guard !(negative && magnitude == 0) else { throw BitReaderError(problem: "a negative zero") }
        return negative ? -magnitude : magnitude
    }

    /// The padding after the last field: fewer than 8 bits, all zero, and nothing after.
    func expectPaddingOnly() throws(BitReaderError) {
        guard remainingBits < 8 else { throw BitReaderError(problem: "\(remainingBits / 8) unexpected trailing bytes") }
        var probe = self
        while probe.remainingBits > 0 {
            guard try !probe.bit() else { throw BitReaderError(problem: "padding bits are not zero") }
        }
    }
}
