/// Finds a threshold gate hidden in a DNF: a literal set S and k such that
/// every k-subset of S is a cube, as in `(a AND b) OR (a AND c) OR (b AND c)`,
/// which is `2 of (a, b, c)`. The threshold needs |S| rows where the
/// products need k·C(|S|, k), and it is read-once, so no attribute repeats.
enum ThresholdExtraction {
    struct Gate: Hashable {
        let k: Int
        let members: [Int]
        /// The cubes of the DNF the gate replaces (all k-subsets of members).
        let covered: Set<UInt64>

        /// Rows saved by writing the gate instead of its products.
        var savings: Int { k * covered.count - members.count }

        var formula: Factored { .threshold(k, members.map { .literal($0) }) }
    }

    static let largestK = 6

    /// The gate that saves the most rows, if any. The search for S is a
    /// bounded backtracking (a clique search when k = 2).
    static func find(_ cubes: [UInt64], stepLimit: Int = 2_000) -> Gate? {
        var best: Gate?
        for k in 2...largestK {
            let pool = Set(cubes.filter { $0.nonzeroBitCount == k })
            guard pool.count >= k + 1 else { continue }
            // A member of an s-set (s > k) lies in C(s−1, k−1) ≥ k of its cubes.
            let counts = Cubes.counts(Array(pool))
            let candidates = (0..<Cubes.maxLiterals).filter { counts[$0] >= k }
            guard candidates.count >= k + 1 else { continue }
            // Members of one gate pairwise share a cube: a quick necessary condition.
            var neighbours = [UInt64](repeating: 0, count: Cubes.maxLiterals)
            for cube in pool { for literal in Cubes.literals(of: cube) { neighbours[literal] |= cube } }
            var search = Search(k: k, pool: pool, candidates: candidates, neighbours: neighbours, stepLimit: stepLimit)
            search.extend([], from: 0)
            if let found = search.best, found.savings > (best?.savings ?? 0) { best = found }
        }
        return best
    }

    private struct Search {
        let k: Int
        let pool: Set<UInt64>
        let candidates: [Int]
        let neighbours: [UInt64]
        let stepLimit: Int
        var steps = 0
        var best: Gate?

        init(k: Int, pool: Set<UInt64>, candidates: [Int], neighbours: [UInt64], stepLimit: Int) {
            self.k = k
            self.pool = pool
            self.candidates = candidates
            self.neighbours = neighbours
            self.stepLimit = stepLimit
        }

        mutating func extend(_ members: [Int], from start: Int) {
            if members.count >= k + 1 { record(members) }
            for index in start..<candidates.count {
                steps += 1
                if steps > stepLimit { return }
                let literal = candidates[index]
                if fits(literal, with: members) { extend(members + [literal], from: index + 1) }
            }
        }

        /// Every k-subset of members ∪ {literal} that contains the literal is
        /// a cube; while members are fewer than k − 1, the literal must at
        /// least share a cube with each of them.
        func fits(_ literal: Int, with members: [Int]) -> Bool {
            let bit = Cubes.bit(literal)
            let membersMask = members.reduce(UInt64(0)) { $0 | Cubes.bit($1) }
            guard neighbours[literal] & membersMask == membersMask else { return false }
            if members.count < k - 1 { return true }
            // The (k−1)-subsets of members, as index combinations in lexicographic order.
            let size = k - 1
            var chosen = Array(0..<size)
            while true {
                var mask = bit
                for index in chosen { mask |= Cubes.bit(members[index]) }
                if !pool.contains(mask) { return false }
                var position = size - 1
                while position >= 0, chosen[position] == members.count - size + position { position -= 1 }
                if position < 0 { return true }
                chosen[position] += 1
                for next in (position + 1)..<size { chosen[next] = chosen[next - 1] + 1 }
            }
        }

        mutating func record(_ members: [Int]) {
            var covered: Set<UInt64> = []
            forEachSubset(of: members, size: k) { subset in
                covered.insert(subset)
                return true
            }
            let gate = Gate(k: k, members: members, covered: covered)
            if gate.savings > (best?.savings ?? 0) { best = gate }
        }

        /// Calls `body` with the mask of each `size`-subset until it returns false.
        func forEachSubset(of items: [Int], size: Int, _ body: (UInt64) -> Bool) {
            var stop = false
            func walk(_ start: Int, _ chosen: Int, _ mask: UInt64) {
                if stop { return }
                if chosen == size {
                    if !body(mask) { stop = true }
                    return
                }
                guard items.count - start >= size - chosen else { return }
                for index in start..<items.count {
                    walk(index + 1, chosen + 1, mask | Cubes.bit(items[index]))
                    if stop { return }
                }
            }
            walk(0, 0, 0)
        }
    }
}
