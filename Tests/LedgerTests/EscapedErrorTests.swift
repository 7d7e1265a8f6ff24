import Testing
@testable import Ledger

/// Ids and reasons in ledger errors are shown escaped (issue 12).
@Suite struct LedgerEscapedErrorTests {
    @Test func idsAndReasonsAreEscaped() {
        #expect(LedgerError.unknownMember("admin\u{200B}").description == #"unknown member 'admin\u{200B}'"#)
        #expect(LedgerError.invalidInput("reason\u{1B}[2J").description == #"invalid input: reason\u{1B}[2J"#)
    }
}
