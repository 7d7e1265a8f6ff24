import Foundation
import Testing
@testable import ABE

@Suite("Parsing, canonical printing and JSON")
struct PolicyRoundTripTests {
    @Test("parse → print → parse is the identity on thousands of random trees")
    func printParseRoundTrip() throws {
        var generator = TreeGenerator(seed: 0xC0FFEE)
        var thresholds = 0
        var comparisons = 0
        for _ in 0..<3000 {
            let tree = generator.tree().normalized()
            let text = tree.canonicalText
            let policy = try Policy(parsing: text, options: Fixtures.roomyOptions)
            #expect(policy.root == tree, "\(text)")
            #expect(policy.canonicalText == text)
            if text.contains(" of (") { thresholds += 1 }
            comparisons += tree.leaves.filter { if case .comparison = $0 { return true } else { return false } }.count
        }
        // The generator must actually exercise thresholds and comparisons.
        #expect(thresholds > 300)
        #expect(comparisons > 1000)
    }

    @Test("equivalent spellings of one tree parse to it and print the same")
    func equivalentSpellings() throws {
        var generator = TreeGenerator(seed: 42)
        var respeller = Respeller(seed: 7)
        for _ in 0..<2000 {
            let tree = generator.tree().normalized()
            let canonical = tree.canonicalText
            for _ in 0..<2 {
                let spelling = respeller.spell(tree)
                let policy = try Policy(parsing: spelling, options: Fixtures.roomyOptions)
                #expect(policy.root == tree, "\(spelling)")
                #expect(policy.canonicalText == canonical)
            }
        }
    }

    @Test("JSON form round-trips on thousands of random trees")
    func jsonRoundTrip() throws {
        var generator = TreeGenerator(seed: 2024)
        for index in 0..<3000 {
            let tree = generator.tree().normalized()
            let json = tree.jsonText(pretty: index.isMultiple(of: 2))
            #expect(try PolicyNode(jsonText: json) == tree, "\(json)")
            #expect(try Policy(jsonText: json, options: Fixtures.roomyOptions).root == tree)
        }
    }

    @Test("raw (unnormalized) trees round-trip through JSON unchanged")
    func jsonKeepsRawShape() throws {
        var generator = TreeGenerator(seed: 99)
        for _ in 0..<500 {
            let tree = generator.tree()
            #expect(try PolicyNode(jsonText: tree.jsonText()) == tree)
        }
    }

    @Test("canonical style", arguments: [
        ("role:doctor and (hospital:A or hospital:B)", "role:doctor AND (hospital:A OR hospital:B)"),
        ("((role:doctor)) AND ((on_call))", "role:doctor AND on_call"),
        ("a and (b and (c and d))", "a AND b AND c AND d"),
        ("(a or b) or (c or (d))", "a OR b OR c OR d"),
        ("1 OF (a, b)", "a OR b"),
        ("2 of (a, b)", "a AND b"),
        ("2 of (a, b, c and d)", "2 of (a, b, c AND d)"),
        ("2 of (a, (b or c), d)", "2 of (a, b OR c, d)"),
        ("a AND 2 of (b, c, d)", "a AND 2 of (b, c, d)"),
        ("level>=3", "level >= 3"),
        ("level<3 AND level>1", "level < 3 AND level > 1"),
        ("score In[ 18 ,65 ]", "score in [18, 65]"),
        ("expires >= 2027-01-01", "expires >= 2027-01-01"),
        ("temp >= -5", "temp >= -5"),
        ("dept:or OR dept:and", "dept:or OR dept:and"),
        ("ward:3B\nAND\tward:A-1N", "ward:3B AND ward:A-1N"),
        ("level#b2=1 OR level#b0=0", "level#b2=1 OR level#b0=0"),
    ])
    func canonicalStyle(input: String, expected: String) throws {
        var options = Fixtures.roomyOptions
        options.allowUnknownAttributes = true
        options.allowBitAttributes = true  // compiled text, as containers store it
        let policy = try Policy(parsing: input, options: options)
        #expect(policy.canonicalText == expected)
        #expect(try Policy(parsing: expected, options: options).root == policy.root)
    }

    @Test("sortedChildren makes child order irrelevant")
    func sortedChildren() throws {
        let a = try Policy(parsing: "b OR (d AND c) OR a", options: .freeForm).root
        let b = try Policy(parsing: "a OR (c AND d) OR b", options: .freeForm).root
        #expect(a != b)
        #expect(a.sortedChildren() == b.sortedChildren())
        #expect(a.sortedChildren().canonicalText == "a OR b OR (c AND d)")
    }

    @Test("attributes parse back from their description")
    func attributeText() throws {
        for attribute in Fixtures.plainAttributes + [.bit(key: "level", position: 3, isSet: true)] {
            #expect(try Attribute(parsing: attribute.description) == attribute)
        }
        let encoded = try JSONEncoder().encode([Attribute.keyed(key: "role", value: "nurse")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["role:nurse"]"#)
    }

    @Test("the compiled text parses to the same LSSS without the catalog")
    func compiledTextIsSelfContained() throws {
        var generator = TreeGenerator(seed: 5, comparisonChance: 0.5)
        for _ in 0..<200 {
            let policy = try Policy(tree: generator.tree(), options: Fixtures.roomyOptions)
            let reread = try Policy(parsing: policy.compiledText, options: Fixtures.roomyFreeForm)
            #expect(reread.compiled == policy.compiled)
            #expect(policy.root.compiledToBits(domains: policy.domains) == policy.compiled)
            #expect(reread.lsss() == policy.lsss())
        }
    }

    @Test("evaluation follows AND, OR, thresholds and comparisons")
    func evaluation() throws {
        let policy = try Policy(parsing: "2 of (role:doctor, hospital:A, on_call) AND level >= 4", options: Fixtures.roomyOptions)
        func satisfied(_ attributes: String) throws -> Bool {
            try policy.isSatisfied(by: AttributeSet(parsing: attributes, options: Fixtures.roomyOptions))
        }
        #expect(try satisfied("role:doctor, hospital:A, level=4"))
        #expect(try satisfied("role:doctor on_call level=15"))
        #expect(try !satisfied("role:doctor, hospital:A, level=3"))
        #expect(try !satisfied("role:doctor, level=9"))
        #expect(try !satisfied("role:doctor, hospital:A"))
    }
}
