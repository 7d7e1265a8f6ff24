import ABE
import Testing
@testable import Tuner

@Suite("ROBDD equivalence proofs")
struct EquivalenceCheckerTests {
    @Test("the diagram proves equality exactly when truth tables agree")
    func againstTruthTables() {
        var first = RandomPolicies(seed: 0xB0D, maxDepth: 3, attributeCount: 4, comparisonChance: 0)
        var second = RandomPolicies(seed: 0xB0E, maxDepth: 3, attributeCount: 4, comparisonChance: 0)
        second.attributes = first.attributes
        var agreements = 0
        for _ in 0..<3_000 {
            let f = first.tree(depth: 0).normalized()
            let g = second.tree(depth: 0).normalized()
            let inputs = attributes(of: f, g)
            let equal = truthTable(f, over: inputs) == truthTable(g, over: inputs)
            let outcome = EquivalenceChecker.prove(f, g)
            if equal {
                agreements += 1
                if case .proven(let proof) = outcome {
                    #expect(proof.scope == .allAttributeSets)
                } else {
                    Issue.record("not proven: \(f.canonicalText) vs \(g.canonicalText)")
                }
            } else {
                #expect(outcome == .different, "\(f.canonicalText) vs \(g.canonicalText)")
            }
            // A formula is always equivalent to itself, reordered.
            if case .proven = EquivalenceChecker.prove(f, f.sortedChildren()) {} else { Issue.record("\(f.canonicalText)") }
        }
        #expect(agreements > 10)
    }

    @Test("essential attributes are those that change the outcome")
    func essential() {
        let node = Fixtures.policy("role:nurse OR (role:nurse AND hospital:A) OR (on_call AND hospital:B)", options: .freeForm).compiled
        let essential = EquivalenceChecker.essentialAttributes(of: node)?.map(\.description)
        #expect(essential == ["hospital:B", "on_call", "role:nurse"])
    }

    @Test("issued-key scope: encodings that differ on impossible bit sets are equal for every issued key")
    func issuedKeys() {
        let domain = Fixtures.domain("level")
        let comparison = NumericComparison(key: "level", constraint: .range(.integer(2), .integer(5)))
        guard case .formula(let shared) = BitCompiler.compile(comparison, domain: domain, encoding: .sharedPrefix),
              case .formula(let both) = BitCompiler.compile(comparison, domain: domain, encoding: .bothBounds) else {
            Issue.record("constant comparison")
            return
        }
        #expect(EquivalenceChecker.prove(shared, both) == .different)
        guard case .proven(let proof) = EquivalenceChecker.prove(shared, both, domains: ["level": domain]) else {
            Issue.record("not proven over issued keys")
            return
        }
        #expect(proof.scope == .issuedKeys)
        // A real difference stays a difference.
        let other = NumericComparison(key: "level", constraint: .range(.integer(2), .integer(6)))
        guard case .formula(let wider) = BitCompiler.compile(other, domain: domain) else { return }
        #expect(EquivalenceChecker.prove(shared, wider, domains: ["level": domain]) == .different)
    }

    @Test("past the node limit the minimal DNFs decide; past both limits the answer is 'too large', never a wrong one")
    func limits() {
        let f = Fixtures.policy("(a AND b) OR (c AND d) OR (e AND f)", options: .freeForm).compiled
        let g = Fixtures.policy("(b AND a) OR (e AND f) OR (d AND c)", options: .freeForm).compiled
        let h = Fixtures.policy("(a AND b) OR (c AND d) OR (e AND f) OR (a AND f)", options: .freeForm).compiled
        guard case .proven(let proof) = EquivalenceChecker.prove(f, g, nodeLimit: 4) else {
            Issue.record("not proven by minimal DNF")
            return
        }
        #expect(proof.method == .minimalDNF && proof.nodes == 3)
        #expect(EquivalenceChecker.prove(f, h, nodeLimit: 4) == .different)
        // 70 attributes: more than a cube holds.
        let wide = PolicyNode.or((0..<35).map { .and([.attribute(.name("x\($0)")), .attribute(.name("y\($0)"))]) })
        #expect(EquivalenceChecker.prove(wide, wide, nodeLimit: 4) == .tooLarge)
        #expect(EquivalenceChecker.essentialAttributes(of: h, nodeLimit: 4)?.count == 6)
    }
}
