import Foundation

/// An ASCII-armoured form of a container, for copy and paste: base64 in
/// 64-column lines between BEGIN and END markers.
public enum Armor {
    public static let begin = "-----BEGIN RECORD VAULT CONTAINER-----"
    public static let end = "-----END RECORD VAULT CONTAINER-----"

    public static func encode(_ bytes: [UInt8]) -> String {
        let base64 = Data(bytes).base64EncodedString()
        var lines = [begin]
        var index = base64.startIndex
        while index < base64.endIndex {
            let next = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<next]))
            index = next
        }
        lines.append(end)
        return lines.joined(separator: "\n") + "\n"
    }

    public static func decode(_ text: String) throws(ContainerError) -> [UInt8] {
        guard text.utf8.count <= ContainerLimits.maxArmoredBytes else {
            throw .malformed(part: "armour", problem: "\(text.utf8.count) bytes exceed the limit of \(ContainerLimits.maxArmoredBytes); use the binary form")
        }
        // One pass over the bytes: lines trimmed of spaces, tabs and CR;
        // everything between the first BEGIN line and the last END line is
        // the base64 body.
        let bytes = Array(text.utf8)
        var lines = [Range<Int>]()
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0a {
            var low = start, high = index
            while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 || bytes[low] == 0x0d { low += 1 }
            while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 || bytes[high - 1] == 0x0d { high -= 1 }
            if low < high { lines.append(low..<high) }
            start = index + 1
        }
        let beginBytes = Array(begin.utf8), endBytes = Array(end.utf8)
        guard let first = lines.firstIndex(where: { bytes[$0].elementsEqual(beginBytes) }),
              let last = lines.lastIndex(where: { bytes[$0].elementsEqual(endBytes) }), first < last else {
            throw .malformed(part: "armour", problem: "missing BEGIN or END line")
        }
        var body = [UInt8]()
        body.reserveCapacity(bytes.count)
        for line in lines[(first + 1)..<last] { body += bytes[line] }
        guard let data = Data(base64Encoded: Data(body)) else {
            throw .malformed(part: "armour", problem: "the base64 body is corrupt")
        }
        return [UInt8](data)
    }

    /// The container in `bytes`, taking off the armour when they carry it.
    public static func unarmored(_ bytes: [UInt8]) throws(ContainerError) -> [UInt8] {
        bytes.starts(with: Array(begin.utf8)) ? try decode(String(decoding: bytes, as: UTF8.self)) : bytes
    }

    static func isArmored(path: String) throws(ContainerError) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .io("cannot read \(path)") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 5)) ?? Data()
        return [UInt8](head) == Array("-----".utf8)
    }
}
