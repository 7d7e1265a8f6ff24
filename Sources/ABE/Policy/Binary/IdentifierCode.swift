/// A fixed prefix code for the characters of attribute keys and values
/// (letters, digits, `_`, `-`, `.`; `Identifier`) with an end-of-string
/// symbol, so that names take about 4.9 bits per character instead of 8.
///
/// The code lengths are those of a Huffman code for English letter
/// frequencies (Lewand, *Cryptological Mathematics*, 2000), with `_` as
/// frequent as a common letter, one end symbol per eight characters, and
/// digits, capitals, `-` and `.` rare. They are part of the format and never
/// change within a container version. Codes are assigned canonically from
/// the lengths (RFC 1951 §3.2.2): shorter codes first, equal lengths in
/// symbol order.
enum IdentifierCode {
    /// Symbol 0 ends a string; the others are these characters, in this order.
    static let characters = Array("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".unicodeScalars)
    static let endSymbol = 0

    /// Code length of each symbol (index 0: end of string).
    static let lengths: [Int] = {
        var lengths = [Int](repeating: 0, count: characters.count + 1)
        let table: [(Int, String)] = [
            (3, "e"), (4, "_ainost"), (5, "dhlr"), (6, "cfgmpuwy"), (7, "bkv"),
            (8, "-0123456789"), (9, ".ABCDEFGHIJKLMNOPQRSTUVWXYZjx"), (10, "qz"),
        ]
        lengths[endSymbol] = 4
        for (length, members) in table {
            for scalar in members.unicodeScalars { lengths[symbol(of: scalar)!] = length }
        }
        return lengths
    }()

    static let maxLength = 10

    /// Canonical code of each symbol.
    static let codes: [Int] = {
        var countPerLength = [Int](repeating: 0, count: maxLength + 1)
        for length in lengths { countPerLength[length] += 1 }
        var next = [Int](repeating: 0, count: maxLength + 2)
        var code = 0
        for length in 1...maxLength {
            code = (code + countPerLength[length - 1]) << 1
            next[length] = code
        }
        return lengths.map { length in defer { next[length] += 1 }; return next[length] }
    }()

    /// Symbols sorted by (length, symbol), and how many have each length: the decoding tables.
    static let sortedSymbols: [Int] = lengths.indices.sorted { (lengths[$0], $0) < (lengths[$1], $1) }
    static let countPerLength: [Int] = {
        var counts = [Int](repeating: 0, count: maxLength + 1)
        for length in lengths { counts[length] += 1 }
        return counts
    }()

    /// The symbol of each ASCII value (0 when it has none), so that encoding
    /// a name does not search `characters` once per character.
    private static let symbolOfASCII: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 128)
        for (index, scalar) in characters.enumerated() { table[Int(scalar.value)] = UInt8(index + 1) }
        return table
    }()

    static func symbol(of scalar: Unicode.Scalar) -> Int? {
        guard scalar.value < 128 else { return nil }
        let symbol = Int(symbolOfASCII[Int(scalar.value)])
        return symbol == 0 ? nil : symbol
    }

    /// Writes `text` (which must consist of code characters) and the end symbol.
    static func write(_ text: String, to writer: inout BitWriter) {
        for scalar in text.unicodeScalars {
            let symbol = symbol(of: scalar)!
            writer.bits(codes[symbol], count: lengths[symbol])
        }
        writer.bits(codes[endSymbol], count: lengths[endSymbol])
    }

    /// Bits `write` uses for `text`.
    static func bitCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(lengths[endSymbol]) { $0 + lengths[symbol(of: $1)!] }
    }

    /// Whether every character of `text` has a code.
    static func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { symbol(of: $0) != nil }
    }

    /// Reads one string of at most `limit` characters.
    static func read(from reader: inout BitReader, limit: Int) throws(BitReaderError) -> String {
        // Every code character is ASCII: collect bytes (counting them as they
        // come; a String's count is linear in its length) and decode once.
        var bytes = [UInt8]()
        while true {
            let symbol = try readSymbol(&reader)
            if symbol == endSymbol { return String(decoding: bytes, as: UTF8.self) }
            guard bytes.count < limit else { throw BitReaderError(problem: "a name longer than \(limit) characters") }
            bytes.append(UInt8(truncatingIfNeeded: characters[symbol - 1].value))
        }
    }

    /// Canonical decoding: extend the code one bit at a time until it falls
    /// within the codes of its length.
    private static func readSymbol(_ reader: inout BitReader) throws(BitReaderError) -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...maxLength {
            code |= try reader.bit() ? 1 : 0
            let count = countPerLength[length]
            if code - first < count { return sortedSymbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        // The code is complete (its Kraft sum is 1), so this is unreachable.
        throw BitReaderError(problem: "an invalid character code")
    }
}
