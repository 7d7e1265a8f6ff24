/// Lower-case hexadecimal, the text form of hashes, keys and signatures in
/// JSON files and CLI output.
public enum Hex {
    /// Takes contiguous bytes (arrays, slices, `Data`) straight from their
    /// storage and writes the text in place: node answers and inclusion
    /// proofs hex-encode every header, seal and transaction, and the
    /// byte-by-byte iteration through the generic Sequence, then a
    /// validating copy into a String, was 5% of a loaded cluster node's CPU.
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        if let text = bytes.withContiguousStorageIfAvailable(encode(buffer:)) { return text }
        return Array(bytes).withUnsafeBufferPointer(encode(buffer:))
    }

    private static func encode(buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: buffer.count * 2) { out in
            for (i, byte) in buffer.enumerated() {
                out[2 &* i] = digit(byte &>> 4)
                out[2 &* i &+ 1] = digit(byte & 0x0f)
            }
            return buffer.count * 2
        }
    }

    /// The lower-case digit of a nibble by arithmetic, not a table lookup,
    /// so that encoding a key's bytes reads no memory at a secret index:
    /// '0' + n, plus 39 more ('a' − '9' − 1) when n > 9, selected by the
    /// sign of 9 − n.
    @inline(__always) private static func digit(_ nibble: UInt8) -> UInt8 {
        let n = Int32(nibble)
        let above9 = (9 &- n) &>> 31  // all ones when n > 9, else 0
        return UInt8(truncatingIfNeeded: 48 &+ n &+ (above9 & 39))
    }

    /// Decodes hex (either case); nil for odd length or a non-hex character.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
