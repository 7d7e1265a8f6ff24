import ABE
import Testing
@testable import Tuner

@Suite("Reproducibility")
struct DeterminismTests {
    static let policies: [Policy] = {
        var generator = RandomPolicies(seed: 0xD37, attributeCount: 7)
        return (0..<25).map { _ in generator.sumOfProducts(terms: 6, width: 3) }
    }()

    @Test("same seed, same output", arguments: Strategy.allCases)
    func sameSeed(strategy: Strategy) {
        for policy in Self.policies {
            let configuration = TuningConfiguration(strategy: strategy, budget: SearchBudget(evaluations: 150), seed: 42,
                                                    policyOptions: Fixtures.options)
            let first = Tuner.tune(policy: policy, configuration: configuration)
            let second = Tuner.tune(policy: policy, configuration: configuration)
            #expect(first.candidate == second.candidate)
            #expect(first.tuned == second.tuned)
            #expect(first.evaluations == second.evaluations)
            #expect(first.jsonText.replacingElapsed() == second.jsonText.replacingElapsed())
        }
    }

    @Test("other seeds still give proven, no larger policies", arguments: [Strategy.annealing, .genetic])
    func otherSeeds(strategy: Strategy) {
        var random = SplitMix64(seed: 5)
        for (index, policy) in Self.policies.enumerated() {
            let configuration = TuningConfiguration(strategy: strategy, budget: SearchBudget(evaluations: 150),
                                                    seed: UInt64(index) * 7919, policyOptions: Fixtures.options)
            let result = Tuner.tune(policy: policy, configuration: configuration)
            #expect(AttributeSets.agree(policy, result.candidate, random: &random) == nil)
            #expect(result.after.bytes <= result.before.bytes)
        }
    }

    @Test("the randomized strategies are seeded with greedy and never end worse")
    func seededWithGreedy() {
        for policy in Self.policies {
            let greedy = Tuner.tune(policy: policy, configuration: .init(strategy: .greedy, policyOptions: Fixtures.options))
            for strategy in [Strategy.exhaustive, .annealing, .genetic] {
                let other = Tuner.tune(policy: policy, configuration: .init(strategy: strategy, budget: SearchBudget(evaluations: 300),
                                                                             policyOptions: Fixtures.options))
                #expect(other.candidateSize.cost(SizeObjective(scheme: .fabeo)) <= greedy.candidateSize.cost(SizeObjective(scheme: .fabeo)),
                        "\(strategy) on \(policy.canonicalText)")
            }
        }
    }
}

extension String {
    /// The JSON with the elapsed time (which differs between runs) blanked out.
    func replacingElapsed() -> String {
        split(separator: "\n").filter { !$0.contains("\"elapsed_ms\"") }.joined(separator: "\n")
    }
}
