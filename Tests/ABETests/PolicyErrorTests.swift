import Testing
@testable import ABE

/// One malformed input per class of error, with the message it must give.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    let input: String
    /// The `PolicyError.Kind` case name.
    let kind: String
    let fragment: String
    let line: Int?
    let column: Int?
    var isAttributeSet = false
    var isJSON = false
    var options = Fixtures.options

    var testDescription: String { "\(kind): \(input.prefix(60))" }

    static func policy(_ input: String, _ kind: String, _ fragment: String, at line: Int? = nil, _ column: Int? = nil,
                       options: PolicyOptions = Fixtures.options) -> ErrorCase {
        ErrorCase(input: input, kind: kind, fragment: fragment, line: line, column: column, options: options)
    }

    static func attributes(_ input: String, _ kind: String, _ fragment: String, at line: Int? = nil, _ column: Int? = nil) -> ErrorCase {
        ErrorCase(input: input, kind: kind, fragment: fragment, line: line, column: column, isAttributeSet: true)
    }

    static func json(_ input: String, _ kind: String, _ fragment: String) -> ErrorCase {
        ErrorCase(input: input, kind: kind, fragment: fragment, line: nil, column: nil, isJSON: true)
    }

    func run() -> PolicyError? {
        do {
            if isAttributeSet { _ = try AttributeSet(parsing: input, options: options) }
            else if isJSON { _ = try Policy(jsonText: input, options: options) }
            else { _ = try Policy(parsing: input, options: options) }
            return nil
        } catch {
            return error
        }
    }
}

let errorCases: [ErrorCase] = {
    var tiny = Fixtures.options
    tiny.limits.maxRows = 5
    let standard = PolicyOptions.standard
    return [
        .policy("", "emptyPolicy", "the policy is empty"),
        .policy(" \n\t ", "emptyPolicy", "the policy is empty"),
        .policy(String(repeating: "a OR ", count: 4000) + "a", "policyTooLong", "the limit is 16384"),
        .policy("role:doctor & hospital:A", "unexpectedCharacter", "unexpected character '&'; write AND", at: 1, 13),
        .policy("level ≥ 3", "unexpectedCharacter", "did you mean '>='?", at: 1, 7),
        .policy("role:doctor AND", "unexpectedToken", "expected an attribute, a comparison, '(' or a threshold like 2 of (a, b) but found the end of the input", at: 1, 16),
        .policy("role:doctor hospital:A", "unexpectedToken", "expected AND, OR or the end of the policy but found 'hospital'", at: 1, 13),
        .policy("2 (role:doctor, on_call)", "unexpectedToken", "expected 'of' after 2", at: 1, 3),
        .policy("(role:doctor AND\n  (hospital:A OR hospital:B)", "unclosedParenthesis", "the '(' opened at line 1, column 1 is never closed", at: 2, 29),
        .policy("role:doctor) AND on_call", "unmatchedClosingParenthesis", "this ')' has no matching '('", at: 1, 12),
        .policy("role:doctor AND hospital:A OR on_call", "mixedAndOr", "AND and OR are mixed without parentheses", at: 1, 28),
        .policy(String(repeating: "(", count: 70) + "on_call" + String(repeating: ")", count: 70), "nestingTooDeep", "nests deeper than 64 levels", at: 1, 64),
        .policy("level = 3", "singleEquals", "write '=='", at: 1, 7),
        .attributes("role:doctor, and", "keywordAsName", "'and' is a keyword", at: 1, 14),
        .policy("3x AND on_call", "invalidName", "'3x' is not a valid attribute name", at: 1, 1),
        .policy("role:doc--tor", "invalidValue", "'doc--tor' is not a valid attribute value", at: 1, 6),
        .policy("level >= high", "invalidNumber", "'high' is not a number or a date", at: 1, 10),
        .policy("level >= 99999999999999999999", "numberTooLarge", "the number 99999999999999999999 is too large", at: 1, 10),
        .policy("expires >= 2027-02-30", "invalidDate", "February 2027 has 28 days", at: 1, 12),
        .policy("expires >= 2027-13-01", "invalidDate", "month 13 does not exist", at: 1, 12),
        .policy("expires >= 2027-1-1", "invalidDate", "write dates as YYYY-MM-DD", at: 1, 12),
        .policy("level#x2=1", "invalidBitAttribute", "bit attributes look like clearance#b2=1", at: 1, 7),
        .policy("0 of (role:doctor, on_call)", "zeroThreshold", "a threshold of 0 is always satisfied", at: 1, 1),
        .policy("on_call AND 4 of (role:doctor, role:nurse, trainee)", "thresholdTooLarge", "'4 of' needs 4 of its conditions but only 3 are listed", at: 1, 13),
        .json(#"{"threshold": -1, "of": [{"attribute": "on_call"}, {"attribute": "trainee"}]}"#, "thresholdBelowOne", "a threshold of -1 is meaningless"),
        .json(#"{"and": []}"#, "emptyGate", "an AND with no conditions means nothing"),
        .policy("level >= 0", "trivialPolicy", "the policy is trivially true: level >= 0 holds for every issued value (0…15)", at: 1, 1),
        .policy("role:doctor OR level <= 15", "trivialPolicy", "trivially true: level <= 15", at: 1, 16),
        .policy("role:doctor AND score in [10, 300]", "redundantComparison", "score in [10, 300] holds for every issued value (10…300) and restricts nothing", at: 1, 17),
        .policy("role:doctor AND level > 15", "unsatisfiableComparison", "level > 15 holds for no issued value (0…15)", at: 1, 17),
        .policy("level < 0 OR on_call", "unsatisfiableComparison", "level < 0 holds for no issued value", at: 1, 1),
        .policy("level in [5, 3]", "emptyRange", "the range in level in [5, 3] is empty", at: 1, 1),
        .policy("level == 3 AND role:doctor AND on_call", "tooManyRows", "compiles to 6 LSSS rows; the limit is 5", options: tiny),
        .policy("role:docter AND on_call", "unknownAttribute", "unknown attribute role:docter; did you mean role:doctor?", at: 1, 1),
        .policy("on_call AND\n    role:cardiolgist", "unknownAttribute", "unknown attribute role:cardiolgist; did you mean role:cardiologist?", at: 2, 5, options: standard),
        .policy("zebra", "unknownAttribute", "unknown attribute zebra", at: 1, 1),
        .policy("levle >= 3", "unknownKey", "unknown attribute key levle; did you mean level?", at: 1, 1),
        .policy("role >= 3", "notNumeric", "role is not a numeric or date attribute", at: 1, 1),
        .policy("level:3", "numericUsedAsValue", "level is an integer attribute", at: 1, 1),
        .policy("role AND on_call", "keyNeedsValue", "role needs a value, e.g. role:doctor", at: 1, 1),
        .policy("on_call:yes", "flagWithValue", "on_call is a flag and takes no value", at: 1, 1),
        .policy("expires >= 5", "wrongLiteralKind", "expires is a date attribute; compare it with a date", at: 1, 1),
        .policy("score in [30, 2027-01-01]", "wrongLiteralKind", "score is an integer attribute; compare it with a number", at: 1, 1),
        .policy("level >= 16", "valueOutOfRange", "16 is outside the catalog range of level (0…15, 4 bits)", at: 1, 1),
        .policy("expires <= 2040-01-01", "valueOutOfRange", "2040-01-01 is outside the catalog range of expires", at: 1, 1),
        .policy("level#b7=1", "bitOutOfRange", "level has 4 bits (b0…b3); there is no bit b7", at: 1, 1,
                options: PolicyOptions(catalog: Fixtures.catalog, allowBitAttributes: true)),
        // Bits are the compiler's business (issue 12).
        .policy("role:nurse AND level#b2=1", "handWrittenBitAttribute", "level#b2=1 is a bit attribute, which only the compiler writes", at: 1, 16),
        .attributes("role:nurse, level=1, level#b2=1, level#b1=1", "handWrittenBitAttribute", "compare the value instead", at: 1, 22),
        .json(#"{"attribute": "level#b0=1"}"#, "handWrittenBitAttribute", "only the compiler writes"),
        ErrorCase(input: "clearance:5, clearance=1", kind: "keyGivenTwice", fragment: "clearance is given both as a value", line: 1, column: 14,
                  isAttributeSet: true, options: PolicyOptions(catalog: .empty, allowUnknownAttributes: true)),
        .attributes("level=3, role:nurse, level=4", "duplicateNumericValue", "level is given more than one value", at: 1, 22),
        .attributes("role:nurse, level=16", "valueOutOfRange", "16 is outside the catalog range of level", at: 1, 13),
        .json("{", "invalidJSON", "invalid JSON policy"),
        .json(#"{"and": [{"attribute": "on_call"}], "or": [{"attribute": "on_call"}]}"#, "invalidJSON", "exactly one of these shapes"),
        .json(#"{"attribute": "role:"}"#, "invalidJSON", "invalid attribute"),
    ]
}()

@Suite("Malformed policies are refused with their own clear message")
struct PolicyErrorTests {
    @Test("each class of error", arguments: errorCases)
    func refused(_ testCase: ErrorCase) throws {
        let error = try #require(testCase.run(), "accepted: \(testCase.input)")
        let kindName = String(describing: error.kind).prefix { $0 != "(" }
        #expect(kindName == testCase.kind, "\(error)")
        #expect(error.message.contains(testCase.fragment), "\(error.message)")
        if let line = testCase.line, let column = testCase.column {
            let location = try #require(error.location)
            #expect(location.line == line && location.column == column, "\(error)")
            // The excerpt shows the line and puts a caret under the column.
            let excerpt = location.excerpt.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(excerpt.count == 2)
            #expect(excerpt[1].firstIndex(of: "^").map { excerpt[1].distance(from: excerpt[1].startIndex, to: $0) } == column + 1)
            #expect(error.description.hasPrefix("line \(line), column \(column): "))
        }
    }

    @Test("every class has a message of its own")
    func messagesAreDistinct() {
        var messagesByKind: [String: String] = [:]
        for testCase in errorCases {
            guard let error = testCase.run() else { continue }
            let kindName = String(String(describing: error.kind).prefix { $0 != "(" })
            // Compare the message shape, not the quoted input.
            messagesByKind[kindName] = messagesByKind[kindName] ?? error.message
        }
        let messages = Array(messagesByKind.values)
        #expect(Set(messages).count == messages.count)
        #expect(messagesByKind.count >= 35)
    }

    @Test("the report points at the text with a caret")
    func rendering() throws {
        let error = try #require(ErrorCase.policy("role:nurse AND\n\t(hospital:A OR hospital:C)", "", "", options: .standard).run())
        #expect(error.description == """
            line 2, column 17: unknown attribute hospital:C; did you mean hospital:A?
              \t(hospital:A OR hospital:C)
              \t               ^^^^^^^^^^
            """)
    }

    @Test("unknown attributes are accepted when allowed, but kinds are still enforced")
    func allowUnknown() throws {
        var options = PolicyOptions.standard
        options.allowUnknownAttributes = true
        #expect(try Policy(parsing: "zebra AND role:cardiolgist AND ward:Z-9", options: options).attributes.count == 3)
        #expect(try Policy(parsing: "rank >= 3 AND expiry < 2030-01-01", options: options).domains["rank"]?.width == 32)
        #expect(throws: PolicyError.self) { try Policy(parsing: "clearance:3", options: options) }
        #expect(throws: PolicyError.self) { try Policy(parsing: "valid_until >= 7", options: options) }
    }
}
