import Testing
@testable import ABE

/// No input crashes the parser; whatever it accepts round-trips.
@Suite("Fuzzing the parsers")
struct FuzzTests {
    /// Parses `text` every way there is; an accepted policy must print to a
    /// text that parses back to the same tree.
    private func exercise(_ text: String) {
        for options in [Fixtures.options, PolicyOptions.freeForm, PolicyOptions.standard] {
            if let policy = try? Policy(parsing: text, options: options) {
                let reread = try? Policy(parsing: policy.canonicalText, options: options)
                #expect(reread?.root == policy.root, "\(text)")
                _ = policy.lsss()
            }
            _ = try? AttributeSet(parsing: text, options: options)
        }
        _ = try? Attribute(parsing: text)
        _ = try? PolicyNode(jsonText: text)
    }

    @Test("random byte strings")
    func randomBytes() {
        var rng = SeededGenerator(seed: 0xF022)
        let printable = Array(" \t\n()[],:#=<>!&|-._0123456789abcdefANDORofin".utf8)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &rng)
            let bytes: [UInt8] = (0..<length).map { _ in
                rng.chance(0.7) ? rng.pick(printable) : UInt8.random(in: 0...255, using: &rng)
            }
            exercise(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("random token soup")
    func tokenSoup() {
        var rng = SeededGenerator(seed: 0x50DA)
        let vocabulary = ["role:doctor", "on_call", "hospital:A", "dept:or", "ward:3B", "AND", "and", "OR", "or",
                          "(", ")", "(", ")", "2", "1", "0", "3", "of", "OF", ",", "level", ">=", "<", "==", "=",
                          "7", "in", "[", "]", "2027-01-01", "expires", "-", "#", "b2", ":", "zebra", "9999999999999999999999",
                          "2027-02-30", "level#b1=1", "score", "\n", "  "]
        var accepted = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...14, using: &rng)
            let text = (0..<count).map { _ in rng.pick(vocabulary) }.joined(separator: rng.pick([" ", "", "  "]))
            if (try? Policy(parsing: text, options: Fixtures.options)) != nil { accepted += 1 }
            exercise(text)
        }
        #expect(accepted > 100)
    }

    @Test("mutated valid policies")
    func mutations() {
        var generator = TreeGenerator(seed: 31337)
        var rng = SeededGenerator(seed: 31338)
        let inserts = ["(", ")", ",", " AND ", " or ", "#", ":", "=", ">", "[", "]", "of", "0", "-", " "]
        for _ in 0..<3000 {
            var scalars = Array(generator.tree().canonicalText.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !scalars.isEmpty {
                let at = Int.random(in: 0..<scalars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(contentsOf: rng.pick(inserts).unicodeScalars, at: at)
                default: scalars.swapAt(at, Int.random(in: 0..<scalars.count, using: &rng))
                }
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            exercise(String(text))
        }
    }

    @Test("pathological nesting and sizes are refused, not crashed on")
    func pathological() throws {
        let deep = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        #expect(throws: PolicyError.self) { try Policy(parsing: deep, options: PolicyOptions(catalog: .empty, allowUnknownAttributes: true, limits: PolicyLimits(maxCharacters: 1_000_000))) }
        let thresholds = String(repeating: "2 of (a, ", count: 5000) + "b" + String(repeating: ")", count: 5000)
        #expect(throws: PolicyError.self) { try Policy(parsing: thresholds, options: PolicyOptions(catalog: .empty, allowUnknownAttributes: true, limits: PolicyLimits(maxCharacters: 1_000_000))) }
        let json = String(repeating: #"{"and": ["#, count: 20_000) + #"{"attribute": "a"}"# + String(repeating: "]}", count: 20_000)
        #expect(throws: PolicyError.self) { try PolicyNode(jsonText: json) }
        // Within JSONDecoder's own nesting limit, but beyond ours.
        var nested = PolicyNode.attribute(.name("a"))
        for level in 0..<100 {
            nested = level.isMultiple(of: 2) ? .or([.attribute(.name("b")), nested]) : .and([.attribute(.name("c")), nested])
        }
        #expect(throws: PolicyError.self) { try Policy(jsonText: nested.jsonText(), options: .freeForm) }
        let wide = (0..<2000).map { "a\($0)" }.joined(separator: " AND ")
        #expect(throws: PolicyError.self) { try Policy(parsing: wide, options: .freeForm) }
        #expect(throws: PolicyError.self) { try Policy(parsing: "level >= " + String(repeating: "9", count: 5000), options: Fixtures.options) }
    }
}
