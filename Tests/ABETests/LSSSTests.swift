import BLS12381
import Testing
@testable import ABE

@Suite("LSSS matrices and reconstruction over Fr")
struct LSSSTests {
    private func matrix(_ text: String) throws -> LSSSMatrix {
        try Policy(parsing: text, options: .freeForm).lsss()
    }

    private func ints(_ matrix: LSSSMatrix) -> [[Int?]] {
        (0..<matrix.rowCount).map { matrix.row($0).map(\.intValue) }
    }

    @Test("Lewko–Waters rows for AND and OR")
    func lewkoWaters() throws {
        let m = try matrix("a AND (b OR c)")
        #expect(ints(m) == [[1, 1], [0, -1], [0, -1]])
        #expect(m.rowAttributes.map(\.description) == ["a", "b", "c"])
        #expect(ints(try matrix("a AND b AND c")) == [[1, 1, 0], [0, -1, 1], [0, 0, -1]])
        #expect(ints(try matrix("a OR b")) == [[1], [1]])
        #expect(ints(try matrix("(a OR b) AND c")) == [[1, 1], [1, 1], [0, -1]])
    }

    @Test("Vandermonde rows for thresholds")
    func vandermonde() throws {
        #expect(ints(try matrix("2 of (a, b, c)")) == [[1, 1], [1, 2], [1, 3]])
        #expect(ints(try matrix("3 of (a, b, c, d)")) == [[1, 1, 1], [1, 2, 4], [1, 3, 9], [1, 4, 16]])
        // A threshold under an AND extends the AND's vector.
        #expect(ints(try matrix("x AND 2 of (a, b, c)")) == [[1, 1, 0], [0, -1, 1], [0, -1, 2], [0, -1, 3]])
    }

    @Test("occurrence indices number repeated attributes")
    func occurrences() throws {
        let m = try matrix("(a AND b) OR (a AND c) OR 2 of (a, b, d)")
        #expect(m.rowAttributes.map(\.description) == ["a", "b", "a", "c", "a", "b", "d"])
        #expect(m.occurrences == [1, 1, 2, 1, 3, 2, 1])
        #expect(m.maxOccurrence == 3)
        #expect(try matrix("a AND b").maxOccurrence == 1)
    }

    @Test("large thresholds stay exact: 30 of 40")
    func largeThreshold() throws {
        let names = (1...40).map { "a\($0)" }
        let m = try matrix("30 of (\(names.joined(separator: ", ")))")
        #expect(m.columnCount == 30)
        #expect(m.row(39)[29] == .power(40, 29))
        #expect(m.row(39)[29].intValue == nil)
        var expected = Scalar.one
        for _ in 0..<29 { expected = expected * Scalar(40) }
        #expect(m.row(39)[29].scalar == expected)
        var rng = SeededGenerator(seed: 1)
        let thirty = Set(names.shuffled(using: &rng).prefix(30).map { Attribute.name($0) })
        let reconstruction = try #require(m.reconstruction(for: thirty))
        #expect(reconstruction.rows.count == 30)
        #expect(combination(m, rows: reconstruction.rows, coefficients: reconstruction.coefficients) == targetVector(30))
        #expect(m.reconstruction(for: Set(thirty.dropFirst())) == nil)
    }

    @Test("AND/OR reconstruction uses coefficients 1")
    func unitCoefficients() throws {
        let m = try matrix("a AND (b OR c) AND d")
        let reconstruction = try #require(m.reconstruction(for: [.name("a"), .name("c"), .name("d")]))
        #expect(reconstruction.rows == [0, 2, 3])
        #expect(reconstruction.coefficients == [Scalar.one, Scalar.one, Scalar.one])
    }

    @Test("the subset with the fewest rows wins; ties go to fewer distinct attributes")
    func minimalSubsetExamples() throws {
        let m = try matrix("(a AND b AND c) OR (d AND e) OR 2 of (f, g, h)")
        let all = Set("abcdefgh".map { Attribute.name(String($0)) })
        #expect(m.minimalSatisfyingRows(for: all) == [3, 4])
        // Same row count, but a AND a needs one attribute only.
        let tie = try matrix("(b AND c) OR (a AND a)")
        #expect(tie.minimalSatisfyingRows(for: [.name("a"), .name("b"), .name("c")]) == [2, 3])
        let threshold = try matrix("2 of (x AND y, z, z AND w, v)")
        // z plus one two-row child: {x, y, z} and {z, z, w} both use 3 rows; the latter has 2 attributes.
        #expect(threshold.minimalSatisfyingRows(for: [.name("x"), .name("y"), .name("z"), .name("w")]) == [2, 3, 4])
        #expect(threshold.minimalSatisfyingRows(for: [.name("z"), .name("v")]) == [2, 5])
    }

    /// The property the schemes rely on, on random policies with thresholds
    /// and numeric comparisons: the held rows reconstruct exactly when the
    /// policy evaluates true, and then Σ γ_i M_i = (1, 0, …, 0) over Fr.
    @Test("coefficients exist exactly when the policy is satisfied")
    func reconstructionProperty() throws {
        var generator = TreeGenerator(seed: 0x5EED, maxDepth: 3, comparisonChance: 0.2)
        var satisfiedCount = 0
        var unsatisfiedCount = 0
        for _ in 0..<600 {
            let policy = try Policy(tree: generator.tree(), options: Fixtures.options)
            let m = policy.lsss()
            #expect(m.rowCount == policy.compiled.leafCount)
            for _ in 0..<2 {
                let set = generator.attributeSet(for: policy.root)
                let satisfied = policy.isSatisfied(by: set)
                #expect(policy.compiled.isSatisfied(byAttributes: set.keyAttributes) == satisfied)
                let held = m.rows(ownedBy: set.keyAttributes)
                let coefficients = m.reconstructionCoefficients(rows: held)
                #expect((coefficients != nil) == satisfied, "\(policy.canonicalText) with \(set)")
                if let coefficients {
                    #expect(combination(m, rows: held, coefficients: coefficients) == targetVector(m.columnCount))
                }
                let reconstruction = m.reconstruction(for: set.keyAttributes)
                #expect((reconstruction != nil) == satisfied)
                if let reconstruction {
                    satisfiedCount += 1
                    #expect(Set(reconstruction.rows).isSubset(of: held))
                    #expect(combination(m, rows: reconstruction.rows, coefficients: reconstruction.coefficients)
                        == targetVector(m.columnCount))
                    #expect(reconstruction.occurrences == reconstruction.rows.map { m.occurrences[$0] })
                } else {
                    unsatisfiedCount += 1
                }
            }
        }
        // Both outcomes must be well represented for the test to mean anything.
        #expect(satisfiedCount > 200)
        #expect(unsatisfiedCount > 200)
    }

    /// Any subset of rows (not only those of a whole attribute set) spans
    /// the target exactly when its leaves satisfy the tree.
    @Test("arbitrary row subsets: span ⇔ their leaves satisfy the formula")
    func rowSubsets() throws {
        var generator = TreeGenerator(seed: 77, maxDepth: 3, comparisonChance: 0)
        var rng = SeededGenerator(seed: 78)
        for _ in 0..<400 {
            let m = try Policy(tree: generator.tree(), options: Fixtures.options).lsss()
            for _ in 0..<4 {
                let rows = (0..<m.rowCount).filter { _ in rng.chance(0.6) }
                let satisfied = evaluate(m.formula, leafHeld: Set(rows))
                let coefficients = m.reconstructionCoefficients(rows: rows)
                #expect((coefficients != nil) == satisfied, "\(m.formula.canonicalText) rows \(rows)")
                if let coefficients {
                    #expect(combination(m, rows: rows, coefficients: coefficients) == targetVector(m.columnCount))
                }
            }
        }
    }

    /// Brute force over all subsets of the held rows of small policies:
    /// the chosen subset has the fewest rows, then the fewest attributes.
    @Test("the chosen subset is optimal (brute force on small policies)")
    func minimalSubsetIsOptimal() throws {
        var generator = TreeGenerator(seed: 4242, maxDepth: 3, comparisonChance: 0)
        var compared = 0
        for _ in 0..<1500 {
            let policy = try Policy(tree: generator.tree(), options: Fixtures.options)
            let m = policy.lsss()
            let set = generator.attributeSet(for: policy.root, density: 0.8)
            let held = m.rows(ownedBy: set.keyAttributes)
            guard held.count <= 12 else { continue }
            var best: (rows: Int, attributes: Int)?
            for mask in 0..<(1 << held.count) {
                let subset = held.indices.filter { mask >> $0 & 1 == 1 }.map { held[$0] }
                guard evaluate(m.formula, leafHeld: Set(subset)) else { continue }
                let cost = (subset.count, Set(subset.map { m.rowAttributes[$0] }).count)
                if best.map({ cost < $0 }) ?? true { best = cost }
            }
            let chosen = m.minimalSatisfyingRows(for: set.keyAttributes)
            #expect((chosen != nil) == (best != nil))
            if let chosen, let best {
                compared += 1
                #expect(chosen.count == best.rows, "\(policy.canonicalText)")
                #expect(Set(chosen.map { m.rowAttributes[$0] }).count == best.attributes, "\(policy.canonicalText)")
            }
        }
        #expect(compared > 300)
    }

    /// The formula with leaf i true exactly when row i is in `leafHeld`.
    private func evaluate(_ formula: PolicyNode, leafHeld: Set<Int>) -> Bool {
        var index = 0
        func visit(_ node: PolicyNode) -> Bool {
            switch node {
            case .attribute, .comparison:
                defer { index += 1 }
                return leafHeld.contains(index)
            case .and(let children):
                return children.map(visit).allSatisfy { $0 }
            case .or(let children):
                return children.map(visit).contains(true)
            case .threshold(let k, let children):
                return children.map(visit).filter { $0 }.count >= k
            }
        }
        return visit(formula)
    }
}
