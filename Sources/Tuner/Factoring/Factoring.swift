/// The priority an attribute ordering gives each literal: when a factoring
/// must pick a literal to pull out, it takes the one that comes first.
struct FactoringOrder: Sendable {
    /// rank[literal]: smaller comes first.
    let rank: [Int]

    init(_ ordering: [Int]) {
        var rank = [Int](repeating: Int.max, count: Cubes.maxLiterals)
        for (position, literal) in ordering.enumerated() { rank[literal] = position }
        // Literals left out keep their numeric order after the listed ones.
        for literal in 0..<Cubes.maxLiterals where rank[literal] == Int.max { rank[literal] = ordering.count + literal }
        self.rank = rank
    }

    func first(in mask: UInt64) -> Int {
        var best = -1, bestRank = Int.max
        var rest = mask
        while rest != 0 {
            let literal = rest.trailingZeroBitCount
            if rank[literal] < bestRank { (best, bestRank) = (literal, rank[literal]) }
            rest &= rest - 1
        }
        return best
    }
}

/// Turns a monotone DNF into a factored formula with fewer literal
/// occurrences, in one of two classic ways (see LiteralFactoring.swift and
/// KernelFactoring.swift), both driven by an ordering of the literals and
/// both trying threshold extraction at every level.
enum Factoring {
    enum Method: String, CaseIterable, Sendable {
        case literal
        case kernel
    }

    static func factor(_ cubes: [UInt64], order: FactoringOrder, method: Method, thresholds: Bool = true,
                       memo: ThresholdMemo = ThresholdMemo()) -> Factored {
        var factoring = Run(order: order, method: method, thresholds: thresholds, memo: memo)
        return factoring.factor(Cubes.absorbed(cubes))
    }

    /// Threshold gates found per sum of products. They do not depend on the
    /// ordering, and the same sums recur across the orderings of a search.
    final class ThresholdMemo {
        private var gates: [[UInt64]: ThresholdExtraction.Gate?] = [:]

        init() {}

        func gate(_ cubes: [UInt64]) -> ThresholdExtraction.Gate? {
            if let known = gates[cubes] { return known }
            let found = ThresholdExtraction.find(cubes)
            gates[cubes] = found
            return found
        }
    }

    struct Run {
        let order: FactoringOrder
        let method: Method
        let thresholds: Bool
        let memo: ThresholdMemo

        /// The steps both methods share: constants, single products, the
        /// common cube (a·b ∨ a·c = a·(b ∨ c)), sums in which no literal
        /// repeats (already read-once), and threshold gates.
        mutating func factor(_ cubes: [UInt64]) -> Factored {
            if cubes.isEmpty { return .constant(false) }
            if cubes.contains(0) { return .constant(true) }
            if cubes.count == 1 { return .cube(cubes[0]) }
            let common = Cubes.commonCube(cubes)
            if common != 0 {
                let quotient = Cubes.absorbed(cubes.map { $0 & ~common })
                return .conjunction([.cube(common), factor(quotient)])
            }
            let shared = Cubes.shared(cubes)
            if shared == 0 { return .disjunction(cubes.map(Factored.cube)) }
            if thresholds, let gate = memo.gate(cubes) {
                let rest = cubes.filter { !gate.covered.contains($0) }
                return .disjunction([gate.formula, rest.isEmpty ? .constant(false) : factor(rest)])
            }
            switch method {
            case .literal: return literalSplit(cubes, shared: shared)
            case .kernel: return kernelSplit(cubes, shared: shared)
            }
        }
    }
}
