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

    @Test("issue 13: the 8-row form is adopted now that the container keeps only the policy it is encrypted under")
    func writtenCopyNoLongerBlocksSavings() {
        let text = "(hospital:A AND role:nurse) OR (hospital:B AND role:nurse) OR "
            + "(hospital:A AND role:surgeon) OR (dept:icu AND hospital:C AND role:pharmacist)"
        let policy = Fixtures.policy(text, options: .freeForm)
        for scheme in SchemeID.allCases {
            let result = Tuner.tune(policy: policy, configuration: .init(scheme: scheme, policyOptions: .freeForm))
            #expect(result.before.rows == 9 && result.after.rows == 8, "\(scheme): \(result.tunedText)")
            #expect(result.changed && result.after.bytes < result.before.bytes)
            #expect(result.after.policyBytes * 2 <= policy.canonicalText.utf8.count)
        }
    }
}

@Suite struct FreshConsentPolicyTests {
    @Test func theGeneratorIsSeededAndStaysWithinItsShape() throws {
        let generator = try #require(FreshConsentPolicies(catalog: .standard))
        let policies = generator.generate(count: 60, seed: 5)
        #expect(policies == generator.generate(count: 60, seed: 5))
        #expect(policies != generator.generate(count: 60, seed: 6))
        for text in policies {
            let policy = try Policy(parsing: text, options: .standard)
            guard case .or(let clauses) = policy.root else { Issue.record("not a disjunction: \(text)"); continue }
            #expect((3...7).contains(clauses.count), "\(text)")
            for clause in clauses {
                let keys = Set(clause.leaves.compactMap { leaf -> String? in
                    if case .attribute(let attribute) = leaf { return attribute.key }
                    return nil
                })
                #expect(keys.isSubset(of: ["role", "dept", "hospital"]) && keys.contains("hospital"), "\(text)")
            }
        }
    }
}

