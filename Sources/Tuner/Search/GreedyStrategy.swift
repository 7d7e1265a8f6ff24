/// Builds the ordering one position at a time: for each position, try every
/// remaining literal there (the rest in the baseline order) and keep the
/// one whose factoring is smallest. About n²/2 evaluations for n literals.
struct GreedyStrategy: OrderingStrategy {
    func run(_ search: OrderingSearch, random: inout SplitMix64) {
        _ = Self.ordering(search)
    }

    /// The greedy ordering; every other strategy starts from it.
    @discardableResult
    static func ordering(_ search: OrderingSearch) -> [Int] {
        var prefix: [Int] = []
        var remaining = search.baseline
        if !search.isFinished { search.evaluate(remaining) }
        while remaining.count > 1, !search.isFinished {
            var choice = remaining[0]
            var choiceCost = Cost.worst
            for candidate in remaining {
                let ordering = prefix + [candidate] + remaining.filter { $0 != candidate }
                let cost = search.evaluate(ordering)
                if cost < choiceCost { (choice, choiceCost) = (candidate, cost) }
                if search.isFinished { break }
            }
            prefix.append(choice)
            remaining.removeAll { $0 == choice }
        }
        return prefix + remaining
    }
}
