import Testing
@testable import ABE

/// Compiled policies (bit attributes, as the chain keeps them) read back
/// into comparisons: the reading must compile to exactly the same bits, and
/// bits that encode no single comparison must stay bits.
@Suite("Reading compiled policies back as written")
struct PolicyReadingTests {
    let catalog = PolicyOptions.standard.catalog

    func compiledText(_ text: String, encoding: NumericEncoding = .sharedPrefix) throws -> String {
        var options = PolicyOptions.standard
        options.numericEncoding = encoding
        return try Policy(parsing: text, options: options).compiled.canonicalText
    }

    func readBack(_ text: String, encoding: NumericEncoding = .sharedPrefix) throws -> String {
        PolicyNode.readableText(ofCompiled: try compiledText(text, encoding: encoding), catalog: catalog)
    }

    @Test("the demo's lab policy reads back as written")
    func labPolicy() throws {
        let compiled = try compiledText("(role:cardiologist OR role:nurse) AND hospital:A AND clearance >= 3")
        #expect(compiled.contains("clearance#b"))
        #expect(try readBack("(role:cardiologist OR role:nurse) AND hospital:A AND clearance >= 3")
                == "(role:cardiologist OR role:nurse) AND hospital:A AND clearance >= 3")
    }

    @Test("every comparison on clearance (3 bits) reads back to one that compiles to the same bits",
          arguments: NumericEncoding.allCases)
    func everyClearanceComparison(encoding: NumericEncoding) throws {
        var texts: [String] = []
        for c in 0...7 {
            texts += [">=", "<=", ">", "<", "=="].map { "role:nurse AND clearance \($0) \(c)" }
            for high in c...7 { texts.append("role:nurse AND clearance in [\(c), \(high)]") }
        }
        for text in texts {
            guard let compiled = try? compiledText(text, encoding: encoding) else { continue }  // constant comparisons are refused
            let read = PolicyNode.readableText(ofCompiled: compiled, catalog: catalog)
            #expect(!read.contains("#b"), "\(text) read back as \(read)")
            // Exact: what is shown compiles (in one of the two range encodings) to the bits the ciphertext has.
            let original = try Policy(parsing: compiled, options: .freeForm).root.sortedChildren()
            let same = try NumericEncoding.allCases.contains { other in
                var options = PolicyOptions.standard
                options.numericEncoding = other
                return try Policy(parsing: read, options: options).compiled.sortedChildren() == original
            }
            #expect(same, "\(text) read back as \(read)")
        }
    }

    @Test("dates read back as dates")
    func dates() throws {
        #expect(try readBack("role:nurse AND valid_until >= 2027-01-01") == "role:nurse AND valid_until >= 2027-01-01")
        #expect(try readBack("valid_until in [2027-01-01, 2027-06-30] AND role:researcher")
                == "valid_until in [2027-01-01, 2027-06-30] AND role:researcher")
    }

    @Test("two comparisons on different keys in one AND each read back")
    func twoKeys() throws {
        let read = try readBack("role:nurse AND clearance >= 5 AND age >= 18")
        #expect(read == "role:nurse AND clearance >= 5 AND age >= 18", "\(read)")
    }

    @Test("bits that are no single interval stay bits (never a wrong reading)")
    func unionStaysBits() throws {
        // clearance <= 1 OR clearance >= 6: two intervals of one key.
        let compiled = try compiledText("role:nurse AND (clearance <= 1 OR clearance >= 6)")
        let read = PolicyNode.readableText(ofCompiled: compiled, catalog: catalog)
        let reread = try Policy(parsing: read, options: .freeForm)
        // Whatever is shown means the same for every clearance value.
        for value in 0...7 {
            let set = try AttributeSet(parsing: "role:nurse, clearance=\(value)")
            let original = try Policy(parsing: compiled, options: .freeForm).compiled.isSatisfied(byAttributes: set.keyAttributes)
            let shown = read.contains("#b") ? reread.compiled.isSatisfied(byAttributes: set.keyAttributes)
                : try Policy(parsing: read, options: .standard).compiled.isSatisfied(byAttributes: set.keyAttributes)
            #expect(original == shown, "clearance=\(value): \(read)")
        }
    }

    @Test("a hand-made bit group that is not a compiled comparison stays bits")
    func oddBitsStay() throws {
        let text = "role:nurse AND clearance#b0=1"  // odd clearances: not an interval
        let read = PolicyNode.readableText(ofCompiled: text, catalog: catalog)
        #expect(read == text)
    }

    @Test("the nearest clause's missing leaves are named in written form")
    func nearestMissing() throws {
        let compiled = try compiledText("(role:cardiologist AND hospital:A) OR (role:nurse AND clearance >= 3 AND hospital:A)")
        let nurse = try AttributeSet(parsing: "role:nurse, hospital:A, clearance=2")
        #expect(PolicyNode.missingForNearestClause(ofCompiled: compiled, held: nurse.keyAttributes, catalog: catalog) == ["clearance >= 3"])
        let stranger = try AttributeSet(parsing: "role:researcher, hospital:B")
        #expect(PolicyNode.missingForNearestClause(ofCompiled: compiled, held: stranger.keyAttributes, catalog: catalog)
                == ["role:cardiologist", "hospital:A"])
        let cardiologist = try AttributeSet(parsing: "role:cardiologist, hospital:A")
        #expect(PolicyNode.missingForNearestClause(ofCompiled: compiled, held: cardiologist.keyAttributes, catalog: catalog) == [])
    }
}
