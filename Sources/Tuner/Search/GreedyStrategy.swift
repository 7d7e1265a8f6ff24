/// Builds the ordering one position at a time: for each position, try the
/// remaining literals there (the rest in the baseline order) and keep the
/// one whose factoring is smallest. About n²/2 evaluations for n literals;
/// with many literals only the 12 most frequent remaining ones are tried at
/// each position, so large policies cost about 12·n.
struct GreedyStrategy: OrderingStrategy {
    static let candidatesPerPosition = 12

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
            for candidate in remaining.prefix(Self.candidatesPerPosition) {
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
