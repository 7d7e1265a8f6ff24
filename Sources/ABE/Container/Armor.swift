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
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.firstIndex(of: begin), let last = lines.lastIndex(of: end), first < last else {
            throw .malformed(part: "armour", problem: "missing BEGIN or END line")
        }
        guard let data = Data(base64Encoded: lines[(first + 1)..<last].joined()) else {
            throw .malformed(part: "armour", problem: "the base64 body is corrupt")
        }
        return [UInt8](data)
    }

    static func isArmored(path: String) throws(ContainerError) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .io("cannot read \(path)") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 5)) ?? Data()
        return [UInt8](head) == Array("-----".utf8)
    }
}
