import Foundation
import ABE
import Testing
@testable import Tuner

@Suite("Objective and shapes")
struct ObjectiveTests {
    @Test("Shape counts the canonical text and rows of random trees exactly")
    func shapes() {
        var generator = RandomPolicies(seed: 0x5A4E, maxDepth: 4, attributeCount: 6, comparisonChance: 0.3)
        for _ in 0..<2_000 {
            let policy = generator.policy()
            for tree in [policy.root, policy.compiled] {
                let shape = Shape(of: tree)
                #expect(shape.textLength == tree.canonicalText.utf8.count, "\(tree.canonicalText)")
                #expect(shape.rows == tree.leafCount)
            }
        }
    }

    @Test("FormulaCoster agrees with the LSSS and CiphertextSize for every scheme")
    func coster() {
        var generator = RandomPolicies(seed: 0xC057, maxDepth: 4, attributeCount: 6, comparisonChance: 0.3)
        for _ in 0..<500 {
            let policy = generator.policy()
            // The compiled tree as a Factored formula over its attributes.
            let attributes = policy.compiledAttributes
            let number = Dictionary(uniqueKeysWithValues: attributes.enumerated().map { ($1, $0) })
            func factored(_ node: PolicyNode) -> Factored {
                switch node {
                case .attribute(let attribute): return .literal(number[attribute]!)
                case .and(let children): return .and(children.map(factored))
                case .or(let children): return .or(children.map(factored))
                case .threshold(let k, let children): return .threshold(k, children.map(factored))
                case .comparison: return .constant(false)
                }
            }
            let literals = attributes.enumerated().map { index, attribute in
                LiteralInfo(shape: .leaf(textLength: attribute.description.utf8.count), occurrences: [.init(attribute: index, count: 1)])
            }
            for scheme in SchemeID.allCases {
                let objective = SizeObjective(scheme: scheme)
                var coster = FormulaCoster(objective: objective, literals: literals, attributeCount: attributes.count)
                let cost = coster.cost(factored(policy.compiled))
                let matrix = policy.lsss()
                // Searches rank by the container with the policy part as its bit-level text…
                let ranked = objective.searchBytes(rows: matrix.rowCount, maxOccurrence: matrix.maxOccurrence,
                                                   policyTextBytes: policy.compiledText.utf8.count)
                #expect(cost.bytes == ranked)
                #expect(cost.rows == matrix.rowCount && cost.maxOccurrence == matrix.maxOccurrence)
                #expect(objective.cost(of: policy.compiled) == cost)
                // …and every finished candidate is sized exactly, binary policy included.
                let exact = CiphertextSize.containerBytes(scheme: scheme, rows: matrix.rowCount, maxOccurrence: matrix.maxOccurrence,
                                                          policyBytes: PolicyEncoding.encode(policy).count)
                #expect(PolicySize(policy, objective: objective).bytes == exact)
                #expect(objective.bytes(of: policy) == exact)
            }
        }
    }

    @Test("FAME prefers fewer repetitions at equal size, and a reuse bound outranks bytes")
    func fameRepetition() {
        let objective = SizeObjective(scheme: .fame, maxOccurrenceLimit: 1)
        let once = objective.cost(rows: 4, maxOccurrence: 1, textBytes: 50)
        let twice = objective.cost(rows: 4, maxOccurrence: 2, textBytes: 50)
        #expect(once.bytes == twice.bytes)
        #expect(once < twice)
        let smallerButOver = objective.cost(rows: 3, maxOccurrence: 2, textBytes: 40)
        #expect(once < smallerButOver)
        // Repeated attributes in a FAME result are noted.
        let policy = Fixtures.policy("(role:nurse AND hospital:A) OR (role:doctor AND hospital:B) OR (role:nurse AND on_call)")
        let result = Tuner.tune(policy: policy, configuration: .init(scheme: .fame, policyOptions: Fixtures.options))
        if result.after.maxOccurrence > 1 { #expect(result.notes.contains { $0.hasPrefix("FAME:") }) }
    }

    @Test("a reuse bound that no equivalent policy meets is reported")
    func reuseBound() {
        // A path a–b, c–d, a–d is not read-once: every formula repeats an attribute.
        let policy = Fixtures.policy("(a AND b) OR (c AND d) OR (a AND d)", options: .freeForm)
        let result = Tuner.tune(policy: policy, configuration: .init(scheme: .fame, policyOptions: .freeForm, maxOccurrenceLimit: 1))
        #expect(result.after.maxOccurrence == 2)
        #expect(result.notes.contains { $0.hasPrefix("over the reuse bound") })
        // Within a bound of 3, the repeated `a` of the written policy is factored out.
        let repeated = Fixtures.policy("(a AND b) OR (a AND c) OR (a AND d AND e)", options: .freeForm)
        let tuned = Tuner.tune(policy: repeated, configuration: .init(scheme: .fame, policyOptions: .freeForm, maxOccurrenceLimit: 1))
        #expect(tuned.before.maxOccurrence == 3 && tuned.after.maxOccurrence == 1)
        #expect(!tuned.notes.contains { $0.hasPrefix("over the reuse bound") })
    }

    @Test("the container holds only the tuned policy, so no smaller proven candidate is declined")
    func neverDeclinesASmallerCandidate() {
        let texts = ["(role:nurse AND hospital:A) OR (role:nurse AND hospital:B)",
                     "(role:doctor AND hospital:A) OR (role:doctor AND hospital:B) OR (role:nurse AND hospital:A AND on_call)",
                     "(hospital:A AND role:nurse) OR (hospital:B AND role:nurse) OR (hospital:A AND role:surgeon) OR (on_call AND hospital:B AND role:admin)",
                     "level >= 3 AND (role:nurse OR role:doctor) AND (level >= 3 OR on_call)"]
        for scheme in SchemeID.allCases {
            for text in texts {
                let policy = Fixtures.policy(text)
                let result = Tuner.tune(policy: policy, configuration: .init(scheme: scheme, policyOptions: Fixtures.options))
                #expect(result.after == result.candidateSize, "\(scheme): \(text)")
                #expect(result.tuned == result.candidate)
                #expect(result.after.bytes <= result.before.bytes)
                #expect(result.changed == (result.candidateSize.bytes < result.before.bytes) || result.candidate == policy)
                #expect(!result.notes.contains { $0.hasPrefix("kept as written") })
                #expect(result.after.bytes == SizeObjective(scheme: scheme).bytes(of: result.tuned))
            }
        }
        // The first policy factors to 3 rows, and the container is smaller.
        let factored = Tuner.tune(policy: Fixtures.policy(texts[0]), configuration: .init(policyOptions: Fixtures.options))
        #expect(factored.changed && factored.after.rows == 3 && factored.after.bytes < factored.before.bytes)
    }

    @Test("JSON carries the keys the issue names")
    func json() throws {
        let policy = Fixtures.policy("(role:nurse AND hospital:A) OR (role:nurse AND hospital:B) OR (role:doctor AND hospital:A) OR (role:doctor AND hospital:B)")
        let result = Tuner.tune(policy: policy, options: Fixtures.options)
        let object = try JSONSerialization.jsonObject(with: Data(result.jsonText.utf8)) as! [String: Any]
        for key in ["tuned", "rows_before", "rows_after", "bytes_before", "bytes_after", "lower_bound", "optimal", "strategy"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["rows_before"] as? Int == 8)
        #expect(object["rows_after"] as? Int == 4)
        #expect(object["optimal"] as? Bool == true)
        #expect(object["strategy"] as? String == "greedy")
        #expect(object["tuned"] as? String == "(role:nurse OR role:doctor) AND (hospital:A OR hospital:B)")
    }
}
