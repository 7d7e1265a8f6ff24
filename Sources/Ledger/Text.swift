/// Rules for the strings the chain stores. Identifiers are printable ASCII so
/// that they compare byte for byte and cannot smuggle terminal control codes
/// into `vault chain show`; free text is UTF-8 without control characters.
enum Text {
    static let maxIdentifierBytes = 256

    /// Member ids: 1–64 characters from `A–Z a–z 0–9 . _ - : @`.
    static func checkMemberID(_ id: String) throws {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count) else {
            throw LedgerError.invalidInput("member id must have 1 to 64 characters, not \(bytes.count)")
        }
        for b in bytes {
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
                || b == UInt8(ascii: ":") || b == UInt8(ascii: "@")
            guard ok else {
                throw LedgerError.invalidInput("member id '\(id)' may only use letters, digits and . _ - : @")
            }
        }
    }

    /// Record ids, reader and holder names: 1–256 bytes of printable ASCII, no spaces.
    static func checkIdentifier(_ value: String, what: String) throws {
        let bytes = Array(value.utf8)
        guard (1...maxIdentifierBytes).contains(bytes.count) else {
            throw LedgerError.invalidInput("\(what) must have 1 to \(maxIdentifierBytes) characters")
        }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw LedgerError.invalidInput("\(what) '\(value)' must be printable ASCII without spaces")
        }
    }

    /// Free text (organisation, policy, scheme, reason): non-empty unless
    /// `allowEmpty`, at most `maxBytes` UTF-8 bytes, no control characters.
    static func checkText(_ value: String, what: String, maxBytes: Int, allowEmpty: Bool = false) throws {
        let count = value.utf8.count
        guard allowEmpty || count > 0 else { throw LedgerError.invalidInput("\(what) is empty") }
        guard count <= maxBytes else {
            throw LedgerError.invalidInput("\(what) has \(count) bytes, more than \(maxBytes)")
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7f && $0.value < 0xa0) }) else {
            throw LedgerError.invalidInput("\(what) contains control characters")
        }
    }
}
