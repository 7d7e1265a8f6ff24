import ABE
import Testing
@testable import Tuner

/// Every strategy, on thousands of random policies: the tuned policy admits
/// exactly the attribute sets the policy as written admits (checked against
/// the source-level semantics, independently of the tuner's own proof), it
/// is never larger, and its bounds hold.
@Suite("Equivalence of tuned policies")
struct StrategyEquivalenceTests {
    static let smallBudget = SearchBudget(evaluations: 60)

    func check(_ policy: Policy, _ strategy: Strategy, seed: UInt64, random: inout SplitMix64) {
        let configuration = TuningConfiguration(strategy: strategy, budget: Self.smallBudget, seed: seed,
                                                policyOptions: Fixtures.options, computesExactMinimum: false)
        let result = Tuner.tune(policy: policy, configuration: configuration)
        let context = "\(strategy) on \(policy.canonicalText) → \(result.candidate.canonicalText)"
        if let set = AttributeSets.agree(policy, result.candidate, random: &random) {
            Issue.record("\(context) disagrees on {\(set)}")
        }
        if result.changed { #expect(result.tuned == result.candidate, "\(context)") }
        #expect(result.after.bytes <= result.before.bytes, "\(context)")
        #expect(result.candidateSize.bytes <= result.before.bytes, "\(context)")
        #expect(result.lowerBound.rows <= result.candidateSize.rows, "\(context)")
        #expect(result.lowerBound.bytes <= result.candidateSize.bytes, "\(context)")
        if policy.domains.isEmpty { #expect(result.proof.scope == .allAttributeSets, "\(context)") }
    }

    @Test("random trees with comparisons, every strategy", arguments: Strategy.allCases)
    func randomTrees(strategy: Strategy) {
        var generator = RandomPolicies(seed: 0x7E57 &+ UInt64(Strategy.allCases.firstIndex(of: strategy)!), maxDepth: 3, attributeCount: 5)
        var random = SplitMix64(seed: 11)
        for index in 0..<700 {
            check(generator.policy(), strategy, seed: UInt64(index), random: &random)
        }
    }

    @Test("accumulated sums of products, every strategy", arguments: Strategy.allCases)
    func sumsOfProducts(strategy: Strategy) {
        var generator = RandomPolicies(seed: 0x5009, attributeCount: 6)
        var random = SplitMix64(seed: 12)
        for index in 0..<400 {
            let policy = generator.sumOfProducts(terms: 2 + index % 6, width: 3)
            check(policy, strategy, seed: UInt64(index), random: &random)
        }
    }

    @Test("the tuned policy's LSSS reconstructs for exactly the satisfying sets")
    func reconstruction() {
        var generator = RandomPolicies(seed: 0x1555, attributeCount: 5)
        var random = SplitMix64(seed: 13)
        for _ in 0..<60 {
            let policy = generator.sumOfProducts(terms: 4, width: 3)
            let tuned = Tuner.tune(policy: policy, options: Fixtures.options).candidate
            let matrix = tuned.lsss()
            for set in AttributeSets.all(for: policy, random: &random) {
                #expect((matrix.reconstruction(for: set.keyAttributes) != nil) == policy.isSatisfied(by: set),
                        "\(tuned.canonicalText) for {\(set)}")
            }
        }
    }
}
