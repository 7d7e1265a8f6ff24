import Foundation

/// Simulated annealing (Kirkpatrick, Gelatt, Vecchi, Science 1983) over
/// orderings, from the greedy one: a move swaps two literals or moves one
/// to another place; a move that costs Δ bytes more is taken with
/// probability exp(−Δ/T), T cooling geometrically from about one FABEO row
/// to a byte over the remaining budget.
struct AnnealingStrategy: OrderingStrategy {
    static let startTemperature = 64.0
    static let endTemperature = 1.0

    func run(_ search: OrderingSearch, random: inout SplitMix64) {
        var current = GreedyStrategy.ordering(search)
        guard current.count > 1 else { return }
        var currentCost = search.evaluate(current)
        let steps = max(1, search.remainingEvaluations)
        var step = 0
        while !search.isFinished {
            let progress = Double(step) / Double(steps)
            let temperature = Self.startTemperature * pow(Self.endTemperature / Self.startTemperature, min(progress, 1))
            step += 1
            let candidate = Self.neighbour(of: current, random: &random)
            let cost = search.evaluate(candidate)
            let delta = Double(cost.bytes - currentCost.bytes) + 0.5 * Double(cost.rows - currentCost.rows)
            if cost < currentCost || delta <= 0 || random.unit() < exp(-delta / temperature) {
                (current, currentCost) = (candidate, cost)
            }
        }
    }

    static func neighbour(of ordering: [Int], random: inout SplitMix64) -> [Int] {
        var next = ordering
        let i = random.below(next.count)
        var j = random.below(next.count - 1)
        if j >= i { j += 1 }
        if random.below(2) == 0 {
            next.swapAt(i, j)
        } else {
            let literal = next.remove(at: i)
            next.insert(literal, at: j)
        }
        return next
    }
}
