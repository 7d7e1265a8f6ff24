import Testing
@testable import ABE

/// Outside text in error messages is shown escaped, never raw (issue 12).
@Suite struct EscapedErrorTests {
    @Test func aZeroWidthSpaceInAPolicyIsShownEscaped() {
        do {
            _ = try Policy(parsing: "role:nurse\u{200B} AND hospital:A")
            Issue.record("accepted a policy with U+200B")
        } catch {
            #expect(error.description.contains(#"\u{200B}"#), "\(error.description)")
            #expect(!error.description.unicodeScalars.contains("\u{200B}"))
        }
    }

    @Test func controlCharactersInTheExcerptAreEscapedAndCaretsFollow() {
        let location = SourceLocation(line: 1, column: 3, length: 1, lineText: "a\u{1B}b c")
        #expect(location.excerpt == "  a\\u{1B}b c\n         ^")
    }

    @Test func abeAndContainerErrorsEscapeWhatTheyEcho() {
        #expect(ABEError.policyNotSatisfied(needed: "a\u{202E}b").description.contains(#"a\u{202E}b"#))
        #expect(ABEError.keyExpired(validUntil: "2027\u{0}").description.contains(#"2027\u{0}"#))
        #expect(ContainerError.malformed(part: "policy", problem: "x\u{7}").description.hasSuffix(#"x\u{7}"#))
    }
}
