import Testing
import VaultSupport

@Suite struct DisplayTextTests {
    @Test func escapesControlAndInvisibleCharacters() {
        #expect(DisplayText.escaped("role:nurse\u{200B}") == #"role:nurse\u{200B}"#)
        #expect(DisplayText.escaped("a\u{202E}b\u{2066}c") == #"a\u{202E}b\u{2066}c"#)
        #expect(DisplayText.escaped("line\nbreak\ttab\u{1B}[31m") == #"line\u{A}break\u{9}tab\u{1B}[31m"#)
        #expect(DisplayText.escaped("\u{FEFF}x\u{00A0}y\u{2028}") == #"\u{FEFF}x\u{A0}y\u{2028}"#)
        #expect(DisplayText.escaped("\u{3164}\u{E000}") == #"\u{3164}\u{E000}"#)
    }

    @Test func leavesOrdinaryTextAlone() {
        for text in ["role:cardiologist AND hospital:A", "naïve Ünïcode", "записи", "病歷", "clearance >= 3", "e\u{301}"] {
            #expect(DisplayText.escaped(text) == text)
        }
    }

    @Test func escapingIsIdempotent() {
        for text in ["a\u{200B}b", "\u{202E}x\n", "plain"] {
            #expect(DisplayText.escaped(DisplayText.escaped(text)) == DisplayText.escaped(text))
        }
    }
}
