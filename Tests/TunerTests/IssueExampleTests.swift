import ABE
import Testing
@testable import Tuner

@Suite("The issue's examples")
struct IssueExampleTests {
    @Test("consent grants: 10 occurrences become 5")
    func consentGrants() {
        let text = "(role:cardiologist AND hospital:A) OR (role:cardiologist AND hospital:B) OR "
            + "(role:nurse AND ward:cardio AND hospital:A) OR (role:nurse AND ward:cardio AND hospital:B)"
        let policy = Fixtures.policy(text, options: .freeForm)
        for strategy in Strategy.allCases {
            let result = Tuner.tune(policy: policy, configuration: .init(strategy: strategy, policyOptions: .freeForm))
            #expect(result.before.rows == 10)
            #expect(result.after.rows == 5, "\(strategy): \(result.tunedText)")
            #expect(result.optimality == .readOnce)
            #expect(result.changed)
            #expect(result.after.bytes < result.before.bytes)
            #expect(result.proof.scope == .allAttributeSets)
        }
    }

    @Test("majority: (a AND b) OR (a AND c) OR (b AND c) is 2 of (a, b, c)")
    func majority() {
        let policy = Fixtures.policy("(a AND b) OR (a AND c) OR (b AND c)", options: .freeForm)
        let result = Tuner.tune(policy: policy, configuration: .init(policyOptions: .freeForm))
        #expect(result.candidate.canonicalText == "2 of (a, b, c)")
        #expect(result.candidateSize.rows == 3)
        #expect(result.optimality == .readOnce)
        #expect(result.exactMinimum?.rows == 3)
    }
}
