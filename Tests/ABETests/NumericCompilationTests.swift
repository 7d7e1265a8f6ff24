import Testing
@testable import ABE

@Suite("Bag-of-bits compilation of numeric and date comparisons")
struct NumericCompilationTests {
    /// Every constant, every value: the bit formula agrees with the integer
    /// comparison, for widths 1…6 and constants one past each end.
    @Test("one-sided comparisons are exact for every constant and value", arguments: 1...6)
    func oneSidedExhaustive(width: Int) {
        let top = (1 << width) - 1
        for c in -1...(top + 1) {
            let atLeast = BitCompiler.atLeast(c, key: "x", width: width)
            let atMost = BitCompiler.atMost(c, key: "x", width: width)
            let exactly = BitCompiler.exactly(c, key: "x", width: width)
            for x in 0...top {
                #expect(atLeast.holds(key: "x", bits: x) == (x >= c), "x=\(x) >= \(c), width \(width)")
                #expect(atMost.holds(key: "x", bits: x) == (x <= c), "x=\(x) <= \(c), width \(width)")
                #expect(exactly.holds(key: "x", bits: x) == (x == c), "x=\(x) == \(c), width \(width)")
            }
            if case .formula(let formula) = atLeast { #expect(formula.leafCount <= width) }
            if case .formula(let formula) = atMost { #expect(formula.leafCount <= width) }
        }
    }

    @Test("ranges are exact for every pair of ends, both encodings", arguments: 1...5)
    func rangesExhaustive(width: Int) {
        let top = (1 << width) - 1
        for low in -1...(top + 1) {
            for high in -1...(top + 1) {
                let shared = BitCompiler.between(low, high, key: "x", width: width, encoding: .sharedPrefix)
                let both = BitCompiler.between(low, high, key: "x", width: width, encoding: .bothBounds)
                for x in 0...top {
                    let expected = low <= x && x <= high
                    #expect(shared.holds(key: "x", bits: x) == expected, "\(low) <= \(x) <= \(high), width \(width)")
                    #expect(both.holds(key: "x", bits: x) == expected)
                }
                // The shared-prefix encoding is never larger.
                if case .formula(let a) = shared, case .formula(let b) = both {
                    #expect(a.leafCount <= b.leafCount, "[\(low), \(high)] width \(width)")
                }
            }
        }
    }

    /// Wide values cannot be enumerated: check every boundary around
    /// random constants (c−1, c, c+1, the ends) and random values.
    @Test("wide comparisons are exact at every boundary", arguments: [8, 16, 31, 32, 48, 62])
    func wideBoundaries(width: Int) {
        var rng = SeededGenerator(seed: UInt64(width))
        let top = width == 62 ? (1 << 62) - 1 : (1 << width) - 1
        var constants = [0, 1, 2, top - 1, top, top / 2, (top / 2) + 1]
        for _ in 0..<40 { constants.append(Int.random(in: 0...top, using: &rng)) }
        for c in constants {
            var values = [0, 1, top - 1, top, c]
            if c > 0 { values.append(c - 1) }
            if c < top { values.append(c + 1) }
            for _ in 0..<10 { values.append(Int.random(in: 0...top, using: &rng)) }
            let high = min(top, c + Int.random(in: 0...1000, using: &rng))
            for op in ComparisonOperator.allCases {
                let condition: BitCondition
                switch op {
                case .greaterOrEqual: condition = BitCompiler.atLeast(c, key: "x", width: width)
                case .greater: condition = BitCompiler.atLeast(c + 1, key: "x", width: width)
                case .lessOrEqual: condition = BitCompiler.atMost(c, key: "x", width: width)
                case .less: condition = BitCompiler.atMost(c - 1, key: "x", width: width)
                case .equal: condition = BitCompiler.exactly(c, key: "x", width: width)
                }
                for x in values {
                    #expect(condition.holds(key: "x", bits: x) == op.holds(x, c), "\(x) \(op.rawValue) \(c), width \(width)")
                }
            }
            let range = BitCompiler.between(c, high, key: "x", width: width)
            for x in values + [high, min(top, high + 1)] {
                #expect(range.holds(key: "x", bits: x) == (c <= x && x <= high))
            }
        }
    }

    /// The whole path a policy takes: catalog domain with an offset →
    /// check → compile → bit formula on the key's bit attributes → LSSS,
    /// compared with the integer comparison for every value of the domain.
    @Test("policy comparisons agree with integers over whole catalog domains",
          arguments: ["level", "score", "temp", "one_bit"])
    func policiesOverDomains(key: String) throws {
        let domain = Fixtures.domain(key)
        var constants = Set([domain.minimum, domain.minimum + 1, domain.maximum - 1, domain.maximum,
                             (domain.minimum + domain.maximum) / 2])
        constants = constants.filter { domain.contains($0) }
        var checkedLSSS = 0
        for c in constants.sorted() {
            var texts = ComparisonOperator.allCases.map { "\(key) \($0.rawValue) \(c)" }
            texts += ["\(key) in [\(c), \(min(domain.maximum, c + 3))]", "\(key) in [\(domain.minimum), \(c)]"]
            for text in texts {
                let policy: Policy
                do { policy = try Policy(parsing: text, options: Fixtures.options) } catch {
                    // Constant comparisons (e.g. >= minimum) are refused; that is tested elsewhere.
                    switch error.kind {
                    case .trivialPolicy, .unsatisfiableComparison: continue
                    default: throw error
                    }
                }
                guard case .comparison(let comparison) = policy.root else { Issue.record("\(text)"); continue }
                let matrix = policy.lsss()
                for value in domain.minimum...domain.maximum {
                    let set = try AttributeSet(parsing: "\(key)=\(value)", options: Fixtures.options)
                    let expected = comparison.holds(for: value)
                    #expect(policy.isSatisfied(by: set) == expected, "\(text) at \(value)")
                    #expect(policy.compiled.isSatisfied(byAttributes: set.keyAttributes) == expected, "\(text) at \(value)")
                    if value.isMultiple(of: 7) || abs(value - c) <= 1 || value == domain.minimum || value == domain.maximum {
                        #expect((matrix.reconstruction(for: set.keyAttributes) != nil) == expected, "\(text) at \(value)")
                        checkedLSSS += 1
                    }
                }
            }
        }
        #expect(checkedLSSS > 0)
    }

    /// Dates: month ends, leap days and year ends, every day around them.
    @Test("date comparisons agree with the calendar around every boundary")
    func dateBoundaries() throws {
        let boundaries = ["2024-01-01", "2024-02-28", "2024-02-29", "2024-03-01", "2025-02-28", "2025-03-01",
                          "2026-12-31", "2027-01-01", "2028-02-29", "2030-06-30", "2031-12-30", "2031-12-31"]
        let domain = Fixtures.domain("expires")
        for boundary in boundaries {
            let date = try ISODate(parsing: boundary)
            for op in ComparisonOperator.allCases {
                let text = "expires \(op.rawValue) \(boundary)"
                guard let policy = try? Policy(parsing: text, options: Fixtures.options) else {
                    // Only comparisons that are constant over the domain may be refused.
                    let low = domain.minimum, high = domain.maximum, d = date.daysSinceEpoch
                    let constant = (op == .greaterOrEqual && d == low) || (op == .lessOrEqual && d == high)
                        || (op == .greater && d == high) || (op == .less && d == low)
                    #expect(constant, "\(text) refused")
                    continue
                }
                for offset in -40...40 {
                    let day = date.daysSinceEpoch + offset
                    guard domain.contains(day) else { continue }
                    let value = ISODate(daysSinceEpoch: day)
                    let set = try AttributeSet(parsing: "expires=\(value)", options: Fixtures.options)
                    let expected = op.holds(value.daysSinceEpoch, date.daysSinceEpoch)
                    #expect((value < date) == (value.daysSinceEpoch < date.daysSinceEpoch))
                    #expect(policy.compiled.isSatisfied(byAttributes: set.keyAttributes) == expected, "\(text) at \(value)")
                    #expect(policy.isSatisfied(by: set) == expected)
                }
            }
        }
    }

    @Test("day numbers and dates convert both ways across four centuries")
    func calendar() throws {
        #expect(try ISODate(parsing: "1970-01-01").daysSinceEpoch == 0)
        #expect(try ISODate(parsing: "2000-03-01").daysSinceEpoch == 11017)
        #expect(try ISODate(parsing: "1969-12-31").daysSinceEpoch == -1)
        var previous = try ISODate(parsing: "1899-12-31")
        for day in (previous.daysSinceEpoch + 1)...(try ISODate(parsing: "2300-01-01").daysSinceEpoch) {
            let date = ISODate(daysSinceEpoch: day)
            #expect(date.daysSinceEpoch == day)
            #expect(try ISODate(parsing: date.description) == date)
            #expect(previous < date)
            previous = date
        }
        #expect(ISODate.isLeapYear(2000) && ISODate.isLeapYear(2024) && !ISODate.isLeapYear(1900) && !ISODate.isLeapYear(2027))
    }

    @Test("keys hold the bits of the offset-encoded value")
    func keyBits() throws {
        let set = try AttributeSet(parsing: "level=5, temp=-38, role:nurse", options: Fixtures.options)
        let level = (0..<4).map { Attribute.bit(key: "level", position: $0, isSet: (5 >> $0) & 1 == 1) }
        // temp's domain starts at −40, so −38 is written as 2 in 8 bits.
        let temp = (0..<8).map { Attribute.bit(key: "temp", position: $0, isSet: $0 == 1) }
        #expect(set.keyAttributes == Set(level + temp + [.keyed(key: "role", value: "nurse")]))
        #expect(set.description == "role:nurse, level=5, temp=-38")
        #expect(Fixtures.domain("temp").width == 8)
        #expect(Fixtures.domain("score").width == 9)
        #expect(Fixtures.domain("one_bit").width == 1)
    }

    @Test("the shipped catalog's widths: clearance 3 bits, valid_until 14 bits")
    func standardWidths() throws {
        let policy = try Policy(parsing: "clearance >= 3 AND valid_until >= 2027-01-01")
        #expect(policy.domains["clearance"]?.width == 3)
        #expect(policy.domains["valid_until"]?.width == 14)
        let set = try AttributeSet(parsing: "clearance=3, valid_until=2027-06-30")
        #expect(set.keyAttributes.count == 17)
        #expect(set.keyAttributes.contains(.bit(key: "clearance", position: 2, isSet: false)))
    }
}

/// `BitCondition.combine` builds the AND or OR of many conditions at once
/// (issue 12: folding pairwise normalized once per child, quadratic in a
/// 1,024-leaf policy); it must give exactly the tree the pairwise fold gave.
@Suite struct BitConditionCombineTests {
    @Test func combiningAtOnceEqualsFoldingPairwise() throws {
        let atoms: [BitCondition] = try ["a", "b", "c#b1=1", "d"].map { .formula(try Policy(parsing: $0, options: ContainerLimits.storedPolicyOptions).root) }
        let nested: [BitCondition] = [.formula(try Policy(parsing: "x AND y", options: ContainerLimits.storedPolicyOptions).root),
                                      .formula(try Policy(parsing: "p OR q", options: ContainerLimits.storedPolicyOptions).root)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let pool = atoms + nested + [.always, .never]
            let conditions = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            #expect(BitCondition.combine(conditions, isAnd: true) == conditions.reduce(.always) { BitCondition.and($0, $1) }, "\(conditions)")
            #expect(BitCondition.combine(conditions, isAnd: false) == conditions.reduce(.never) { BitCondition.or($0, $1) }, "\(conditions)")
        }
    }
}
