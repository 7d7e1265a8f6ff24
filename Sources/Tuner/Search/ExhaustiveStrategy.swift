/// Every ordering of the literals that occur more than once, in
/// lexicographic order, after the greedy one. Complete when n! fits in the
/// budget (n ≤ 6 with the default 2,000 evaluations); otherwise it stops at
/// the budget and the result says the search was not complete.
struct ExhaustiveStrategy: OrderingStrategy {
    func run(_ search: OrderingSearch, random: inout SplitMix64) {
        GreedyStrategy.ordering(search)
        var ordering = search.orderable.sorted()
        repeat {
            if search.isFinished { return }
            search.evaluate(ordering)
        } while Self.nextPermutation(&ordering)
    }

    /// Narayana Pandita's next lexicographic permutation; false after the last.
    static func nextPermutation(_ items: inout [Int]) -> Bool {
        guard items.count > 1 else { return false }
        var i = items.count - 2
        while i >= 0, items[i] >= items[i + 1] { i -= 1 }
        if i < 0 { return false }
        var j = items.count - 1
        while items[j] <= items[i] { j -= 1 }
        items.swapAt(i, j)
        items[(i + 1)...].reverse()
        return true
    }
}
