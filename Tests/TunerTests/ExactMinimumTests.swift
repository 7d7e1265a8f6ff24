import ABE
import Testing
@testable import Tuner

/// The exact search against brute force, and the strategies against the
/// exact search on every monotone function of three and four attributes.
@Suite("Exact minimum and certificates")
struct ExactMinimumTests {
    static let names: [Attribute] = ["role:nurse", "hospital:A", "on_call", "dept:icu"].map { try! Attribute(parsing: $0) }

    /// Every normalized formula over `inputs` with exactly `leaves` leaves
    /// (gates AND, OR and k-of-m), built from scratch.
    static func formulas(leaves: Int, inputs: [Attribute], memo: inout [Int: [PolicyNode]]) -> [PolicyNode] {
        if let known = memo[leaves] { return known }
        var result: [PolicyNode] = leaves == 1 ? inputs.map { .attribute($0) } : []
        if leaves > 1 {
            // Children as multisets of (size, index) pairs, sizes adding up to `leaves`.
            var pools: [[PolicyNode]] = [[]]
            for size in 1..<leaves { pools.append(formulas(leaves: size, inputs: inputs, memo: &memo)) }
            var groups: [[PolicyNode]] = []
            func choose(_ remaining: Int, _ minSize: Int, _ minIndex: Int, _ chosen: [PolicyNode]) {
                if remaining == 0 {
                    if chosen.count >= 2 { groups.append(chosen) }
                    return
                }
                guard minSize <= remaining else { return }
                for size in minSize...remaining where size < leaves {
                    let start = size == minSize ? minIndex : 0
                    for index in start..<pools[size].count {
                        choose(remaining - size, size, index, chosen + [pools[size][index]])
                    }
                }
            }
            choose(leaves, 1, 0, [])
            for children in groups {
                if !children.contains(where: { if case .and = $0 { return true } else { return false } }) {
                    result.append(.and(children))
                }
                if !children.contains(where: { if case .or = $0 { return true } else { return false } }) {
                    result.append(.or(children))
                }
                if children.count >= 3 { for k in 2..<children.count { result.append(.threshold(k, children)) } }
            }
        }
        memo[leaves] = result
        return result
    }

    @Test("the exact search finds the brute-force minimum over 3 attributes and up to 5 rows", arguments: [SchemeID.fabeo, .fame])
    func bruteForce(scheme: SchemeID) {
        let inputs = Array(Self.names.prefix(3))
        let objective = SizeObjective(scheme: scheme)
        var memo: [Int: [PolicyNode]] = [:]
        var cheapest: [[Bool]: (cost: Cost, formula: PolicyNode)] = [:]
        for leaves in 1...5 {
            for formula in Self.formulas(leaves: leaves, inputs: inputs, memo: &memo) {
                let table = truthTable(formula, over: inputs)
                let cost = objective.cost(of: formula.normalized())
                if cost < cheapest[table]?.cost ?? .worst { cheapest[table] = (cost, formula) }
            }
        }
        #expect(cheapest.count == 18)  // monotone functions of 3 variables, without the constants
        for (table, known) in cheapest {
            let used = attributes(of: known.formula)
            guard case .found(let exact) = ExactMinimum.compute(known.formula, attributes: used, objective: objective,
                                                               upperBound: known.cost) else {
                Issue.record("no exact minimum for \(known.formula.canonicalText)")
                continue
            }
            #expect(truthTable(exact.formula, over: inputs) == table, "\(exact.formula.canonicalText)")
            #expect(objective.cost(of: exact.formula) == known.cost,
                    "\(known.formula.canonicalText): brute force \(known.cost.bytes), exact \(exact.bytes) with \(exact.formula.canonicalText)")
            guard let policy = try? Policy(tree: exact.formula, options: .freeForm) else { Issue.record("not a policy"); continue }
            #expect(exact.policyBytes == PolicyEncoding.encode(policy).count)
            #expect(exact.bytes == objective.bytes(rows: exact.rows, maxOccurrence: exact.maxOccurrence, policyBytes: exact.policyBytes))
        }
    }

    /// Every monotone function of `count` attributes, as its minimal DNF.
    static func monotoneFunctions(of count: Int) -> [PolicyNode] {
        let inputs = Array(names.prefix(count))
        var functions: [PolicyNode] = []
        // Antichains of non-empty subsets.
        let subsets = (1..<(1 << count)).map { UInt64($0) }
        func extend(_ index: Int, _ chosen: [UInt64]) {
            if index == subsets.count {
                guard !chosen.isEmpty else { return }
                let products: [PolicyNode] = chosen.map { cube in
                    .and(Cubes.literals(of: cube).map { .attribute(inputs[$0]) })
                }
                functions.append(PolicyNode.or(products).normalized())
                return
            }
            extend(index + 1, chosen)
            let cube = subsets[index]
            if !chosen.contains(where: { $0 & cube == $0 || $0 & cube == cube }) { extend(index + 1, chosen + [cube]) }
        }
        extend(0, [])
        return functions
    }

    @Test("where a strategy claims optimality, the exact minimum agrees; bounds never exceed what is found",
          arguments: [3, 4])
    func claims(count: Int) {
        let functions = Self.monotoneFunctions(of: count)
        #expect(functions.count == (count == 3 ? 18 : 166))  // Dedekind numbers minus the two constants
        for formula in functions {
            let policy = try! Policy(tree: formula, options: .freeForm)
            for strategy in Strategy.allCases {
                let result = Tuner.tune(policy: policy, configuration: TuningConfiguration(
                    strategy: strategy, budget: SearchBudget(evaluations: 200), policyOptions: .freeForm))
                let context = "\(strategy): \(policy.canonicalText) → \(result.candidate.canonicalText)"
                #expect(result.lowerBound.rows <= result.candidateSize.rows, "\(context)")
                #expect(result.lowerBound.bytes <= result.candidateSize.bytes, "\(context)")
                guard let exact = result.exactMinimum else {
                    Issue.record("no exact minimum: \(context)")
                    continue
                }
                #expect(exact.bytes <= result.candidateSize.bytes, "\(context)")
                #expect(result.lowerBound.bytes <= exact.bytes, "\(context)")
                if result.optimal { #expect(result.candidateSize.bytes == exact.bytes, "\(context) claims optimal") }
                if result.optimality == .readOnce { #expect(exact.rows == result.lowerBound.rows, "\(context)") }
                // The exact formula itself is equivalent.
                #expect(truthTable(exact.formula, over: attributes(of: formula))
                        == truthTable(formula, over: attributes(of: formula)), "\(context)")
            }
        }
    }
}
