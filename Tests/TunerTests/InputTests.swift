import ABE
import Testing
@testable import Tuner

@Suite("Budgets, strategies and schemes from text")
struct InputTests {
    @Test("budgets")
    func budgets() throws {
        #expect(try SearchBudget(parsing: "500") == SearchBudget(evaluations: 500))
        #expect(try SearchBudget(parsing: "50ms").time == .milliseconds(50))
        #expect(try SearchBudget(parsing: "2s").time == .seconds(2))
        let both = try SearchBudget(parsing: "300, 20ms")
        #expect(both.evaluations == 300 && both.time == .milliseconds(20))
        for bad in ["", "0", "-5", "fast", "10 ms", "5m", "1,2", "5ms,6ms", "99999999999ms"] {
            #expect(throws: TuningError.invalidBudget(bad)) { try SearchBudget(parsing: bad) }
        }
    }

    @Test("strategies and errors name the choices")
    func strategies() throws {
        #expect(try Strategy(name: "Annealing") == .annealing)
        #expect(throws: TuningError.unknownStrategy("tabu")) { try Strategy(name: "tabu") }
        #expect(TuningError.unknownStrategy("tabu").description.contains("exhaustive, greedy, annealing, genetic"))
        #expect(TuningError.unknownScheme("bsw").description.contains("fabeo, fame"))
    }

    @Test("a time budget stops the search and says so; the result is still proven")
    func timeBudget() {
        var generator = RandomPolicies(seed: 77, attributeCount: 8)
        let policy = generator.sumOfProducts(terms: 12, width: 3)
        let result = Tuner.tune(policy: policy, configuration: .init(strategy: .annealing,
                                                                     budget: SearchBudget(evaluations: 1_000_000, time: .milliseconds(30)),
                                                                     policyOptions: Fixtures.options))
        #expect(result.elapsed < .seconds(5))
        var random = SplitMix64(seed: 1)
        #expect(AttributeSets.agree(policy, result.candidate, random: &random) == nil)
    }

    @Test("large policies are handled without blowing up")
    func large() {
        // 40 grants over 30 attributes: the DNF is fine, the BDD small.
        var terms: [String] = []
        let roles = ["doctor", "nurse", "surgeon", "admin"]
        for role in roles { for dept in ["icu", "er", "cardio"] { for hospital in ["A", "B"] {
            terms.append("(role:\(role) AND dept:\(dept) AND hospital:\(hospital))")
        } } }
        let policy = Fixtures.policy(terms.joined(separator: " OR "))
        let result = Tuner.tune(policy: policy, options: Fixtures.options)
        #expect(result.before.rows == 72)
        #expect(result.after.rows == 9)
        #expect(result.optimality == .readOnce)
    }
}
