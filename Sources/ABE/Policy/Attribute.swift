/// One attribute as it labels an LSSS row and a key component.
///
/// Three spellings, chosen so that they can never collide:
/// - `emergency_access`          a bare name (a flag),
/// - `role:cardiologist`         a key with a value,
/// - `clearance#b2=1`            one bit of a numeric attribute (bag of bits,
///                               Bethencourt–Sahai–Waters 2007 §4.3): bit 2
///                               (bit 0 is the least significant) of the
///                               offset-encoded value is 1.
///
/// `description` is the canonical text; the CP-ABE schemes hash exactly its
/// UTF-8 bytes, so it must stay stable.
public enum Attribute: Hashable, Comparable, Sendable, CustomStringConvertible {
    case name(String)
    case keyed(key: String, value: String)
    case bit(key: String, position: Int, isSet: Bool)

    /// The key a catalog entry is looked up by.
    public var key: String {
        switch self {
        case .name(let name): return name
        case .keyed(let key, _), .bit(let key, _, _): return key
        }
    }

    public var description: String {
        switch self {
        case .name(let name): return name
        case .keyed(let key, let value): return "\(key):\(value)"
        case .bit(let key, let position, let isSet): return "\(key)#b\(position)=\(isSet ? 1 : 0)"
        }
    }

    /// The bytes a scheme hashes to a group element for this attribute.
    public var hashInput: [UInt8] { Array(description.utf8) }

    public static func < (lhs: Attribute, rhs: Attribute) -> Bool {
        lhs.description < rhs.description
    }

    /// Parses the canonical text of one attribute (the inverse of `description`).
    public init(parsing text: String) throws(PolicyError) {
        var parser = try PolicyParser(text: text, options: .freeForm)
        self = try parser.parseSingleAttribute()
    }
}

extension Attribute: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Attribute(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid attribute \"\(text)\": \(error.message)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Spelling rules for keys, names and values, shared by the lexer, the parser
/// and the catalog so that everything the printer writes can be read back.
public enum Identifier {
    /// Words that structure a policy and so cannot be bare attribute names.
    public static let keywords: Set<String> = ["and", "or", "of", "in"]

    /// A key or a bare name: a letter or `_` first, then letters, digits and
    /// `_`, with single `-` or `.` allowed between them (`nurse-practitioner`).
    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isLetter(first) || first == "_" else { return false }
        return isValidWord(text)
    }

    /// A value (after `key:`): like a name but may start with a digit (`ward:3B`).
    public static func isValidValue(_ text: String) -> Bool { isValidWord(text) }

    public static func isKeyword(_ text: String) -> Bool { keywords.contains(text.lowercased()) }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || isDigit(scalar) || scalar == "_"
    }

    /// Characters the lexer gathers into one word (validated afterwards).
    static func isWordBodyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isWordCharacter(scalar) || scalar == "-" || scalar == "."
    }

    private static func isValidWord(_ text: String) -> Bool {
        var previousWasSeparator = true  // forbids a leading separator
        var sawAny = false
        for scalar in text.unicodeScalars {
            if isWordCharacter(scalar) {
                previousWasSeparator = false
            } else if scalar == "-" || scalar == "." {
                if previousWasSeparator { return false }
                previousWasSeparator = true
            } else {
                return false
            }
            sawAny = true
        }
        return sawAny && !previousWasSeparator
    }
}
