import Testing
@testable import ABE

/// The binary policy encoding of container version 2 (docs/ABE.md):
/// round trips, size, and refusal of malformed input with named parts.
@Suite struct PolicyEncodingTests {
    static let stored = ContainerLimits.storedPolicyOptions

    /// Random trees over the fixture catalog (comparisons of every kind and
    /// width, keyword-like values, hyphens and dots) decode to the same
    /// policy, compile to the same bit formula and LSSS matrix.
    @Test(arguments: [PolicyOptions.standard, .freeForm])
    func randomPoliciesRoundTrip(base: PolicyOptions) throws {
        var options = Fixtures.options
        options.allowUnknownAttributes = base.allowUnknownAttributes
        var generator = TreeGenerator(seed: 13, maxDepth: 4, comparisonChance: 0.3)
        var checked = 0
        for index in 0..<400 {
            options.numericEncoding = index % 3 == 0 ? .bothBounds : .sharedPrefix
            guard let policy = try? Policy(tree: generator.tree(), options: options) else { continue }
            let bytes = PolicyEncoding.encode(policy)
            let decoded = try PolicyEncoding.decode(bytes)
            #expect(decoded.root == policy.root, "\(policy.canonicalText)")
            #expect(decoded.compiled == policy.compiled && decoded.domains == policy.domains)
            #expect(decoded.numericEncoding == policy.numericEncoding)
            #expect(decoded.lsss() == policy.lsss())
            #expect(PolicyEncoding.encode(decoded) == bytes)
            checked += 1
        }
        #expect(checked > 200)
    }

    @Test func bitLevelAndFreeFormPoliciesRoundTrip() throws {
        for text in ["clearance#b2=1 OR (clearance#b1=1 AND clearance#b0=0)", "a", "2 of (a, b:c, d)",
                     "x >= 3 AND x#b40=1", "emergency OR emergency:yes", "temp in [3, 17] OR when >= 2030-01-01"] {
            let policy = try Policy(parsing: text, options: .freeForm)
            let decoded = try PolicyEncoding.decode(PolicyEncoding.encode(policy))
            #expect(decoded == policy, "\(text)")
        }
    }

    /// Each distinct attribute once, names prefix-coded: the example
    /// (140 bytes of text) in at most 60, a numeric policy in less than its
    /// text and a quarter of its bit-level text.
    @Test func theEncodingIsCompact() throws {
        let example = try Policy(parsing: "(hospital:A AND role:nurse) OR (hospital:B AND role:nurse) OR (hospital:A AND role:surgeon) OR (dept:icu AND hospital:C AND role:pharmacist)", options: .freeForm)
        #expect(example.canonicalText.utf8.count == 140)
        #expect(PolicyEncoding.encode(example).count <= 60)
        let numeric = try Policy(parsing: "role:nurse AND score >= 123 AND expires >= 2027-02-03", options: Fixtures.options)
        // Comparisons carry their domain, so short numeric text gains less;
        // against the bit-level text that version 1 stored, the gain is large.
        #expect(PolicyEncoding.encode(numeric).count <= numeric.canonicalText.utf8.count)
        #expect(PolicyEncoding.encode(numeric).count * 4 <= numeric.compiledText.utf8.count)
    }

    @Test func theIdentifierCodeIsCompleteAndCanonical() throws {
        // Kraft sum exactly 1: every bit string decodes, no code is a prefix of another.
        let kraft = IdentifierCode.lengths.reduce(0.0) { $0 + 1 / Double(1 << $1) }
        #expect(kraft == 1)
        let codes = IdentifierCode.codes.indices.map { (IdentifierCode.codes[$0], IdentifierCode.lengths[$0]) }
        for (i, a) in codes.enumerated() {
            for (j, b) in codes.enumerated() where i != j && a.1 <= b.1 {
                #expect(b.0 >> (b.1 - a.1) != a.0, "code \(i) is a prefix of code \(j)")
            }
        }
        var w = BitWriter()
        IdentifierCode.write("Az09_-.qzx", to: &w)
        var r = BitReader(w.bytes)
        #expect(try IdentifierCode.read(from: &r, limit: 64) == "Az09_-.qzx")
    }

    func refusal(_ bytes: [UInt8]) -> PolicyDecodingError? {
        do { _ = try PolicyEncoding.decode(bytes); return nil } catch { return error }
    }

    @Test func malformedEncodingsAreRefusedWithTheirPart() throws {
        let policy = try Policy(parsing: "role:nurse AND (hospital:A OR hospital:B) AND level >= 3", options: Fixtures.options)
        let bytes = PolicyEncoding.encode(policy)
        // Every truncation: refused, naming where it stopped.
        for cut in 0..<bytes.count {
            let error = refusal(Array(bytes.prefix(cut)))
            #expect(error != nil, "accepted a cut at \(cut)")
            #expect(error.map { !$0.part.isEmpty && !$0.problem.isEmpty } ?? false)
        }
        #expect(refusal(bytes + [0])?.part == "end")
        #expect(refusal([])?.part == "header")

        // A leaf index beyond the atoms: one key "a" (flag), one atom, then a
        // gate whose second leaf uses index 1 of a one-bit-wide table of one… built by hand.
        func encoded(_ build: (inout BitWriter) -> Void) -> [UInt8] {
            var w = BitWriter(); build(&w); return w.bytes
        }
        let twoAtoms: (inout BitWriter) -> Void = { w in
            w.bit(false)                                  // shared-prefix ranges
            w.unsigned(1)                                 // two keys
            IdentifierCode.write("a", to: &w); w.bits(0, count: 2)
            IdentifierCode.write("b", to: &w); w.bits(0, count: 2)
            w.unsigned(1)                                 // two atoms
            w.bits(0, count: 1); w.bits(1, count: 1)      // atom 1: key a, atom 2: key b
        }
        let valid = encoded { w in twoAtoms(&w); w.bit(true); w.bit(false); w.bit(true); w.unsigned(0); w.bit(false); w.bits(0, count: 1); w.bit(false); w.bits(1, count: 1) }
        #expect(try PolicyEncoding.decode(valid).canonicalText == "a OR b")
        let keyOutOfRange = encoded { w in
            w.bit(false); w.unsigned(2)
            for name in ["a", "b", "c"] { IdentifierCode.write(name, to: &w); w.bits(0, count: 2) }
            w.unsigned(2); w.bits(0, count: 2); w.bits(1, count: 2); w.bits(3, count: 2)
        }
        #expect(refusal(keyOutOfRange)?.part == "atom 3")
        let sameLeafTwice = encoded { w in twoAtoms(&w); w.bit(true); w.bit(false); w.bit(true); w.unsigned(0); w.bit(false); w.bits(0, count: 1); w.bit(false); w.bits(0, count: 1) }
        #expect(refusal(sameLeafTwice)?.problem.contains("canonical") == true)
        let badName = encoded { w in w.bit(false); w.unsigned(0); IdentifierCode.write("and", to: &w); w.bits(0, count: 2) }
        #expect(refusal(badName)?.part == "key 1")
        let thresholdTooHigh = encoded { w in
            twoAtoms(&w); w.bit(true); w.bit(true); w.unsigned(0); w.unsigned(1)  // 3 of 3
        }
        #expect(refusal(thresholdTooHigh)?.part == "tree")
        let hugeCount = encoded { w in w.bit(false); w.unsigned(1 << 19) }
        #expect(refusal(hugeCount)?.problem.contains("exceed the limit") == true)
    }

    @Test func nestingAndLeavesAreBounded() throws {
        // 70 nested gates alternating AND and OR: deeper than the limit of 64.
        var w = BitWriter()
        w.bit(false); w.unsigned(1)
        IdentifierCode.write("a", to: &w); w.bits(0, count: 2)
        IdentifierCode.write("b", to: &w); w.bits(0, count: 2)
        w.unsigned(1); w.bits(0, count: 1); w.bits(1, count: 1)
        w.bit(true); w.bit(false); w.bit(false)           // AND at the top
        for _ in 0..<70 { w.unsigned(0); w.bit(false); w.bits(0, count: 1); w.bit(true); w.bit(false) }
        #expect(refusal(w.bytes)?.problem.contains("deeper") == true)
        // More leaves than rows allowed.
        let wide = try Policy(parsing: (0..<256).map { "a\($0)" }.joined(separator: " OR "), options: .freeForm)
        var limits = Self.stored
        limits.limits.maxRows = 200
        #expect { try PolicyEncoding.decode(PolicyEncoding.encode(wide), options: limits) } throws: { error in
            "\(error)".contains("limit of 200")
        }
    }

    /// No input crashes the decoder: every single-byte change of real
    /// encodings is refused or decodes to a policy that re-encodes to it.
    @Test func mutatedEncodingsNeverCrash() throws {
        var generator = TreeGenerator(seed: 99, maxDepth: 3, comparisonChance: 0.4)
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<40 {
            guard let policy = try? Policy(tree: generator.tree(), options: Fixtures.options) else { continue }
            let bytes = PolicyEncoding.encode(policy)
            for index in bytes.indices {
                var mutated = bytes
                mutated[index] ^= UInt8.random(in: 1...255, using: &rng)
                if let decoded = try? PolicyEncoding.decode(mutated) { #expect(PolicyEncoding.encode(decoded) == mutated) }
            }
        }
    }
}

extension PolicyEncodingTests {
    /// A tree built in code may hold a bit position no stored policy can;
    /// sealing refuses it rather than writing a container nobody can open.
    @Test func sealingRefusesWhatOpeningWould() throws {
        let (pp, _) = Authorities.fabeo
        let policy = try Policy(tree: .or([.attribute(.bit(key: "x", position: 70, isSet: true)), .attribute(.name("a"))]), options: .freeForm)
        #expect { _ = try RecordContainer.seal([1], publicParameters: pp, policy: policy) } throws: { "\($0)".contains("cannot be stored") }
    }
}
