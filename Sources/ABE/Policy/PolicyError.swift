import VaultSupport

/// Where in the source text something is: 1-based line and column (counted
/// in Unicode scalars) and the length of the offending text.
public struct SourceLocation: Hashable, Sendable, Codable {
    public let line: Int
    public let column: Int
    public let length: Int
    /// The whole source line, to print under the message.
    public let lineText: String

    public init(line: Int, column: Int, length: Int, lineText: String) {
        self.line = line
        self.column = column
        self.length = length
        self.lineText = lineText
    }

    /// The source line followed by carets under the offending text.
    /// The line is shown escaped (DisplayText), tabs kept so that carets line
    /// up in a terminal; the carets sit under the escaped text.
    public var excerpt: String {
        let scalars = Array(lineText.unicodeScalars)
        func shown(_ part: ArraySlice<Unicode.Scalar>) -> String {
            part.map { $0 == "\t" ? "\t" : DisplayText.escaped(String($0)) }.joined()
        }
        let before = scalars.prefix(max(0, column - 1))
        let marked = scalars.dropFirst(before.count).prefix(max(1, length))
        let lead = shown(before).unicodeScalars.map { $0 == "\t" ? "\t" : " " }.joined()
        let carets = max(1, shown(marked).unicodeScalars.count)
        return "  \(shown(scalars[...]))\n  \(lead)\(String(repeating: "^", count: carets))"
    }
}

/// Every way a policy, attribute set or catalog can be refused. Each case has
/// its own message; `location` points at the text when there is one.
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let kind: Kind
    public let location: SourceLocation?

    public init(_ kind: Kind, at location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }

    public enum Kind: Hashable, Sendable {
        // Text and syntax.
        case emptyPolicy
        case policyTooLong(characters: Int, limit: Int)
        case unexpectedCharacter(String, hint: String?)
        case unexpectedToken(expected: String, found: String)
        case unclosedParenthesis(openedAtLine: Int, column: Int)
        case unmatchedClosingParenthesis
        case mixedAndOr
        case nestingTooDeep(limit: Int)
        case singleEquals
        case keywordAsName(String)
        case invalidName(String)
        case invalidValue(String)
        case invalidNumber(String)
        case numberTooLarge(String)
        case invalidDate(String, reason: String)
        case invalidBitAttribute(String)
        case handWrittenBitAttribute(String)
        // Thresholds.
        case zeroThreshold
        case thresholdBelowOne(Int)
        case emptyGate(isAnd: Bool)
        case thresholdTooLarge(k: Int, children: Int)
        // Meaning.
        case trivialPolicy(comparison: String, domain: String)
        case redundantComparison(comparison: String, domain: String)
        case unsatisfiableComparison(comparison: String, domain: String)
        case emptyRange(String)
        case tooManyRows(rows: Int, limit: Int)
        // Catalog.
        case unknownAttribute(String, suggestion: String?)
        case unknownKey(String, suggestion: String?)
        case notNumeric(key: String)
        case numericUsedAsValue(key: String, kind: String)
        case keyNeedsValue(key: String, example: String)
        case flagWithValue(key: String)
        case wrongLiteralKind(key: String, expected: NumericLiteral.Kind, found: String)
        case valueOutOfRange(key: String, value: String, domain: String)
        case bitOutOfRange(key: String, position: Int, width: Int)
        case duplicateNumericValue(key: String)
        case keyGivenTwice(key: String)
        case invalidCatalog(String)
        case invalidJSON(String)
        case invalidAttributeSet(String)
    }

    /// Text from the input is shown with control and invisible characters
    /// escaped (DisplayText), so that `role:nurse\u{200B}` is not mistaken for `role:nurse`.
    public var message: String {
        func e(_ text: String) -> String { DisplayText.escaped(text) }
        switch kind {
        case .emptyPolicy:
            return "the policy is empty; name at least one attribute, e.g. role:cardiologist"
        case .policyTooLong(let characters, let limit):
            return "the policy has \(characters) characters; the limit is \(limit)"
        case .unexpectedCharacter(let character, let hint):
            return "unexpected character '\(e(character))'" + (hint.map { "; \(e($0))" } ?? "")
        case .unexpectedToken(let expected, let found):
            return "expected \(e(expected)) but found \(e(found))"
        case .unclosedParenthesis(let line, let column):
            return "the '(' opened at line \(line), column \(column) is never closed"
        case .unmatchedClosingParenthesis:
            return "this ')' has no matching '('"
        case .mixedAndOr:
            return "AND and OR are mixed without parentheses; group them, e.g. (a AND b) OR c or a AND (b OR c)"
        case .nestingTooDeep(let limit):
            return "the policy nests deeper than \(limit) levels"
        case .singleEquals:
            return "'=' is not a comparison in a policy; write '==' (e.g. clearance == 3)"
        case .keywordAsName(let word):
            return "'\(e(word))' is a keyword and cannot be an attribute name"
        case .invalidName(let word):
            return "'\(e(word))' is not a valid attribute name (letters, digits and _, with single - or . between them, starting with a letter or _)"
        case .invalidValue(let word):
            return "'\(e(word))' is not a valid attribute value (letters, digits and _, with single - or . between them)"
        case .invalidNumber(let word):
            return "'\(e(word))' is not a number or a date (YYYY-MM-DD)"
        case .numberTooLarge(let word):
            return "the number \(e(word)) is too large"
        case .invalidDate(let text, let reason):
            return "invalid date \(e(text)): \(e(reason))"
        case .invalidBitAttribute(let text):
            return "'\(e(text))' is not a bit attribute; bit attributes look like clearance#b2=1"
        case .handWrittenBitAttribute(let text):
            let key = text.split(separator: "#").first.map(String.init) ?? text
            return "\(e(text)) is a bit attribute, which only the compiler writes; compare the value instead (e.g. \(e(key)) >= 3) or give it in a key (\(e(key))=3)"
        case .keyGivenTwice(let key):
            return "\(e(key)) is given both as a value (\(e(key))=…) and as an attribute; give it once"
        case .zeroThreshold:
            return "a threshold of 0 is always satisfied; use 1 or more (e.g. 1 of (a, b) means a OR b)"
        case .thresholdBelowOne(let k):
            return "a threshold of \(k) is meaningless; use 1 or more"
        case .emptyGate(let isAnd):
            return "an \(isAnd ? "AND" : "OR") with no conditions means nothing; list at least one"
        case .thresholdTooLarge(let k, let children):
            return "'\(k) of' needs \(k) of its conditions but only \(children) are listed, so it can never be satisfied"
        case .trivialPolicy(let comparison, let domain):
            return "the policy is trivially true: \(e(comparison)) holds for every issued value (\(e(domain))), so anyone could read the record"
        case .redundantComparison(let comparison, let domain):
            return "\(e(comparison)) holds for every issued value (\(e(domain))) and restricts nothing; remove it"
        case .unsatisfiableComparison(let comparison, let domain):
            return "\(e(comparison)) holds for no issued value (\(e(domain))), so it can never be satisfied"
        case .emptyRange(let comparison):
            return "the range in \(e(comparison)) is empty: its lower end is above its upper end"
        case .tooManyRows(let rows, let limit):
            return "the policy compiles to \(rows) LSSS rows; the limit is \(limit)"
        case .unknownAttribute(let attribute, let suggestion):
            return "unknown attribute \(e(attribute))" + (suggestion.map { "; did you mean \(e($0))?" } ?? "")
        case .unknownKey(let key, let suggestion):
            return "unknown attribute key \(e(key))" + (suggestion.map { "; did you mean \(e($0))?" } ?? "")
        case .notNumeric(let key):
            return "\(e(key)) is not a numeric or date attribute, so it cannot be compared"
        case .numericUsedAsValue(let key, let kind):
            let article = kind == "integer" ? "an integer" : "a date"
            return "\(e(key)) is \(article) attribute: a policy compares it (\(e(key)) >= …) and an attribute set gives its value (\(e(key))=…); \(e(key)):… is neither"
        case .keyNeedsValue(let key, let example):
            return "\(e(key)) needs a value, e.g. \(e(example))"
        case .flagWithValue(let key):
            return "\(e(key)) is a flag and takes no value; write just \(e(key))"
        case .wrongLiteralKind(let key, let expected, let found):
            return expected == .date
                ? "\(e(key)) is a date attribute; compare it with a date like 2027-01-01, not \(e(found))"
                : "\(e(key)) is an integer attribute; compare it with a number, not \(e(found))"
        case .valueOutOfRange(let key, let value, let domain):
            return "\(e(value)) is outside the catalog range of \(e(key)) (\(e(domain)))"
        case .bitOutOfRange(let key, let position, let width):
            return "\(e(key)) has \(width) bits (b0…b\(width - 1)); there is no bit b\(position)"
        case .duplicateNumericValue(let key):
            return "\(e(key)) is given more than one value"
        case .invalidCatalog(let reason):
            return "invalid attribute catalog: \(e(reason))"
        case .invalidJSON(let reason):
            return "invalid JSON policy: \(e(reason))"
        case .invalidAttributeSet(let reason):
            return "invalid attribute set: \(e(reason))"
        }
    }

    /// `line 1, column 5: message` followed by the line with a caret, or
    /// just the message when there is no text to point at.
    public var description: String {
        guard let location else { return message }
        return "line \(location.line), column \(location.column): \(message)\n\(location.excerpt)"
    }
}
