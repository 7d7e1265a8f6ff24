/// Choosing which rows to decrypt with: a satisfying subset with the fewest
/// rows, and among those the fewest distinct attributes.
///
/// For these matrices a set of rows spans (1, 0, …, 0) exactly when its
/// leaves satisfy the tree, so the fewest rows are found exactly by dynamic
/// programming over the tree (an AND needs all children, an OR its cheapest
/// child, a threshold its k cheapest). Distinct attributes do not add up
/// over children, so each node keeps up to `candidateLimit` cheapest row
/// sets and the tie is broken among those: exact unless more than that many
/// minimal row sets tie at one node.
extension LSSSMatrix {
    static let candidateLimit = 16
    static let combinationLimit = 256

    /// Rows (increasing) of a satisfying subset with the fewest rows, ties
    /// broken by fewest distinct attributes then by the earliest rows; nil
    /// when `attributes` do not satisfy the policy.
    public func minimalSatisfyingRows(for attributes: Set<Attribute>) -> [Int]? {
        var nextRow = 0
        guard let candidates = Self.choices(formula, rowAttributes: rowAttributes,
                                            held: attributes, nextRow: &nextRow) else { return nil }
        return candidates.first?.rows
    }

    private struct Choice {
        var rows: [Int]
        var attributes: Set<Attribute>

        static func combined(_ a: Choice, _ b: Choice) -> Choice {
            Choice(rows: (a.rows + b.rows).sorted(), attributes: a.attributes.union(b.attributes))
        }

        /// Fewer distinct attributes first, then the earlier rows.
        static func isBetter(_ a: Choice, _ b: Choice) -> Bool {
            if a.attributes.count != b.attributes.count { return a.attributes.count < b.attributes.count }
            return a.rows.lexicographicallyPrecedes(b.rows)
        }
    }

    /// The best few choices for `node` (all with the same, minimal, row
    /// count), or nil if it cannot be satisfied. `nextRow` numbers leaves.
    private static func choices(_ node: PolicyNode, rowAttributes: [Attribute], held: Set<Attribute>,
                                nextRow: inout Int) -> [Choice]? {
        switch node {
        case .attribute(let attribute):
            defer { nextRow += 1 }
            return held.contains(attribute) ? [Choice(rows: [nextRow], attributes: [attribute])] : nil
        case .comparison:
            return nil
        case .or(let children):
            let options = children.compactMap { choices($0, rowAttributes: rowAttributes, held: held, nextRow: &nextRow) }
            guard let fewest = options.map({ $0[0].rows.count }).min() else { return nil }
            return best(options.filter { $0[0].rows.count == fewest }.flatMap { $0 })
        case .and(let children):
            let options = children.map { choices($0, rowAttributes: rowAttributes, held: held, nextRow: &nextRow) }
            return allOf(options)
        case .threshold(let k, let children):
            let options = children.map { choices($0, rowAttributes: rowAttributes, held: held, nextRow: &nextRow) }
            let satisfiable = options.compactMap { $0 }
            guard k >= 1, satisfiable.count >= k else { return k <= 0 ? [Choice(rows: [], attributes: [])] : nil }
            // The k cheapest children: all those cheaper than the k-th
            // cheapest, plus any of those that tie with it.
            let sortedCosts = satisfiable.map { $0[0].rows.count }.sorted()
            let boundary = sortedCosts[k - 1]
            let cheaper = satisfiable.filter { $0[0].rows.count < boundary }
            let tied = satisfiable.filter { $0[0].rows.count == boundary }
            var results: [Choice] = []
            for picked in combinations(of: tied.count, choosing: k - cheaper.count, limit: combinationLimit) {
                if let combined = allOf(cheaper + picked.map { tied[$0] }) { results += combined }
            }
            return results.isEmpty ? nil : best(results)
        }
    }

    /// Every child required: the union of one choice per child.
    private static func allOf(_ options: [[Choice]?]) -> [Choice]? {
        var partial = [Choice(rows: [], attributes: [])]
        for option in options {
            guard let option else { return nil }
            partial = best(partial.flatMap { left in option.map { Choice.combined(left, $0) } })
        }
        return partial
    }

    private static func best(_ choices: [Choice]) -> [Choice] {
        Array(choices.sorted(by: Choice.isBetter).prefix(candidateLimit))
    }

    /// Subsets of 0..<n of size r in lexicographic order, at most `limit`.
    static func combinations(of n: Int, choosing r: Int, limit: Int) -> [[Int]] {
        guard r >= 0, r <= n else { return [] }
        var result: [[Int]] = []
        var current = Array(0..<r)
        while result.count < limit {
            result.append(current)
            // Advance the rightmost index that can still move.
            var i = r - 1
            while i >= 0, current[i] == n - r + i { i -= 1 }
            if i < 0 { break }
            current[i] += 1
            for j in (i + 1)..<r { current[j] = current[j - 1] + 1 }
        }
        return result
    }
}
