import ABE
import Testing
@testable import Tuner

@Suite("Numeric levers")
struct NumericLeverTests {
    func tuneAndCheck(_ text: String) -> TuningResult {
        let policy = Fixtures.policy(text)
        let result = Tuner.tune(policy: policy, configuration: .init(policyOptions: Fixtures.options))
        var random = SplitMix64(seed: 3)
        #expect(AttributeSets.agree(policy, result.candidate, random: &random) == nil, "\(text) → \(result.candidate.canonicalText)")
        return result
    }

    @Test("two comparisons of one key under AND become one range")
    func intersect() {
        // level >= 4 is one bit and level <= 5 two; [4, 5] shares the top bits: two.
        let result = tuneAndCheck("role:nurse AND level >= 4 AND level <= 5")
        #expect(result.tunedText == "role:nurse AND level in [4, 5]")
        #expect(result.after.rows == result.before.rows - 1)
    }

    @Test("adjacent ranges under OR are united")
    func unite() {
        let result = tuneAndCheck("role:nurse AND (level in [2, 3] OR level in [4, 7])")
        #expect(result.candidate.canonicalText == "role:nurse AND level >= 2")
    }

    @Test("a range reaching the catalog's maximum is restated as a one-sided comparison")
    func restate() {
        // expires runs to 2024-03-10 (day 69 of a 7-bit domain): [2024-02-01, 2024-03-10] is expires >= 2024-02-01.
        let result = tuneAndCheck("role:doctor AND expires in [2024-02-01, 2024-03-10]")
        #expect(result.candidate.canonicalText == "role:doctor AND expires >= 2024-02-01")
        #expect(result.proof.scope == .issuedKeys)
    }

    @Test("bits the catalog's range never sets are dropped (grade: 0…5 in 5 bits)")
    func width() {
        let policy = Fixtures.policy("grade >= 4 AND role:nurse")
        #expect(policy.lsss().rowCount == 4)  // b4 ∨ b3 ∨ b2, and the role
        let result = tuneAndCheck("grade >= 4 AND role:nurse")
        #expect(result.candidateSize.rows == 2)
        #expect(result.proof.scope == .issuedKeys)
    }

    @Test("a repeated comparison is factored out as a whole and shown as written")
    func repeatedComparison() {
        let result = tuneAndCheck("(role:nurse AND level >= 3) OR (role:doctor AND level >= 3) OR (role:surgeon AND level >= 3)")
        #expect(result.tunedText == "(role:nurse OR role:doctor OR role:surgeon) AND level >= 3")
        #expect(result.proof.scope == .allAttributeSets)
    }

    @Test("comparisons flattened into a gate are regrouped for display")
    func display() {
        let result = tuneAndCheck("(role:nurse AND level == 5 AND hospital:A) OR (role:nurse AND level == 5 AND hospital:B)")
        #expect(result.tunedText.contains("level == 5"), "\(result.tunedText)")
    }

    @Test("random policies with comparisons: equivalent for every issued key")
    func random() {
        var generator = RandomPolicies(seed: 0x4E0, maxDepth: 3, attributeCount: 4, comparisonChance: 0.5)
        var random = SplitMix64(seed: 4)
        for _ in 0..<500 {
            let policy = generator.policy()
            let result = Tuner.tune(policy: policy, configuration: .init(budget: SearchBudget(evaluations: 60), policyOptions: Fixtures.options))
            #expect(AttributeSets.agree(policy, result.candidate, random: &random) == nil,
                    "\(policy.canonicalText) → \(result.candidate.canonicalText)")
            #expect(result.candidateSize.bytes <= result.before.bytes)
        }
    }
}
