import Testing
@testable import Tuner

@Suite("Factoring, modules and thresholds")
struct FactoringTests {
    static func randomCubes(_ random: inout SplitMix64, literals: Int, cubes: Int) -> [UInt64] {
        (0..<cubes).map { _ in
            var cube: UInt64 = 0
            for _ in 0..<(1 + random.below(3)) { cube |= Cubes.bit(random.below(literals)) }
            return cube
        }
    }

    @Test("both factorings and every ordering keep the function, with and without thresholds")
    func factoringKeepsFunction() {
        var random = SplitMix64(seed: 0xFAC7)
        for _ in 0..<3_000 {
            let literals = 2 + random.below(7)
            let cubes = Cubes.absorbed(Self.randomCubes(&random, literals: literals, cubes: 1 + random.below(8)))
            var ordering = Array(0..<literals)
            ordering.shuffle(using: &random)
            for method in Factoring.Method.allCases {
                for thresholds in [true, false] {
                    let formula = Factoring.factor(cubes, order: FactoringOrder(ordering), method: method, thresholds: thresholds)
                    #expect(DNFExpansion.expand(formula, limit: 10_000) == cubes, "\(method) \(cubes) → \(formula)")
                    if !thresholds { #expect(!formula.hasThreshold) }
                }
            }
        }
    }

    @Test("module merging keeps the function")
    func modules() {
        var random = SplitMix64(seed: 0x40D)
        for _ in 0..<2_000 {
            let cubes = Cubes.absorbed(Self.randomCubes(&random, literals: 2 + random.below(6), cubes: 1 + random.below(7)))
            let merged = MergedCubes(cubes: cubes)
            let expanded = Factored.disjunction(merged.cubes.map(Factored.cube)).substituting { merged.units[$0] }
            #expect(DNFExpansion.expand(expanded, limit: 10_000) == cubes)
        }
        // x·z ∨ y·z ∨ w: x, y are OR twins, then (x ∨ y) and z AND twins, then
        // that and w OR twins: the whole sum is one read-once unit.
        let merged = MergedCubes(cubes: [0b0101, 0b0110, 0b1000])
        #expect(merged.cubes == [0b0001])
        #expect(merged.units[0] == .or([.and([.or([.literal(0), .literal(1)]), .literal(2)]), .literal(3)]))
    }

    @Test("thresholds hidden in products are found")
    func thresholds() {
        // ab ∨ ac ∨ bc
        let majority = Factoring.factor([0b011, 0b101, 0b110], order: FactoringOrder([0, 1, 2]), method: .literal)
        #expect(majority == .threshold(2, [.literal(0), .literal(1), .literal(2)]))
        // every 3-subset of 5 literals, and a remainder
        var cubes: [UInt64] = []
        for a in 0..<5 { for b in (a + 1)..<5 { for c in (b + 1)..<5 { cubes.append(Cubes.bit(a) | Cubes.bit(b) | Cubes.bit(c)) } } }
        cubes.append(Cubes.bit(5))
        let gate = ThresholdExtraction.find(Cubes.absorbed(cubes))
        #expect(gate?.k == 3 && gate?.members == [0, 1, 2, 3, 4])
        #expect(gate?.savings == 3 * 10 - 5)
    }

    @Test("kernel factoring finds a product of sums that literal factoring misses")
    func kernel() {
        // c·A ∨ c·B ∨ n·w·A ∨ n·w·B with literals c=0, A=1, B=2, n=3, w=4
        let cubes: [UInt64] = [0b00011, 0b00101, 0b11010, 0b11100]
        let kernel = Factoring.factor(cubes, order: FactoringOrder([1, 2, 0, 3, 4]), method: .kernel)
        #expect(kernel.leafCount == 5)
        #expect(DNFExpansion.expand(kernel, limit: 100) == Cubes.absorbed(cubes))
    }

    @Test("exhaustive orderings are complete and distinct")
    func permutations() {
        var items = [0, 1, 2, 3]
        var seen: Set<[Int]> = [items]
        while ExhaustiveStrategy.nextPermutation(&items) { seen.insert(items) }
        #expect(seen.count == 24)
    }
}

extension Factored {
    var hasThreshold: Bool {
        switch self {
        case .threshold: return true
        case .and(let children), .or(let children): return children.contains { $0.hasThreshold }
        case .literal, .constant: return false
        }
    }

    var leafCount: Int {
        switch self {
        case .literal: return 1
        case .and(let children), .or(let children), .threshold(_, let children): return children.reduce(0) { $0 + $1.leafCount }
        case .constant: return 0
        }
    }
}
