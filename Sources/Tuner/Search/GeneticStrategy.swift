/// A genetic algorithm over orderings: a population seeded with the greedy
/// ordering (and mutants of it, and random orderings), tournament selection,
/// the order crossover OX1 (Davis, "Applying adaptive algorithms to
/// epistatic domains", IJCAI 1985), swap mutation and two elites.
struct GeneticStrategy: OrderingStrategy {
    static let populationSize = 16
    static let eliteCount = 2
    static let mutationChance = 0.3

    func run(_ search: OrderingSearch, random: inout SplitMix64) {
        let greedy = GreedyStrategy.ordering(search)
        guard greedy.count > 1 else { return }
        var population: [(ordering: [Int], cost: Cost)] = [(greedy, search.evaluate(greedy))]
        while population.count < Self.populationSize, !search.isFinished {
            let member = population.count < Self.populationSize / 2
                ? AnnealingStrategy.neighbour(of: greedy, random: &random)
                : greedy.shuffled(using: &random)
            population.append((member, search.evaluate(member)))
        }
        while !search.isFinished {
            population.sort { $0.cost < $1.cost }
            var next = Array(population.prefix(Self.eliteCount))
            while next.count < Self.populationSize, !search.isFinished {
                let mother = Self.tournament(population, random: &random)
                let father = Self.tournament(population, random: &random)
                var child = Self.orderCrossover(mother, father, random: &random)
                if random.unit() < Self.mutationChance {
                    child = AnnealingStrategy.neighbour(of: child, random: &random)
                }
                next.append((child, search.evaluate(child)))
            }
            population = next
        }
    }

    static func tournament(_ population: [(ordering: [Int], cost: Cost)], random: inout SplitMix64) -> [Int] {
        var winner = population[random.below(population.count)]
        for _ in 0..<2 {
            let rival = population[random.below(population.count)]
            if rival.cost < winner.cost { winner = rival }
        }
        return winner.ordering
    }

    /// OX1: keep a slice of the mother in place, fill the other places with
    /// the father's literals in his order, starting after the slice.
    static func orderCrossover(_ mother: [Int], _ father: [Int], random: inout SplitMix64) -> [Int] {
        let n = mother.count
        var start = random.below(n), end = random.below(n)
        if start > end { swap(&start, &end) }
        var child = [Int?](repeating: nil, count: n)
        var used: Set<Int> = []
        for index in start...end {
            child[index] = mother[index]
            used.insert(mother[index])
        }
        var position = (end + 1) % n
        for offset in 0..<n {
            let literal = father[(end + 1 + offset) % n]
            guard !used.contains(literal) else { continue }
            while child[position] != nil { position = (position + 1) % n }
            child[position] = literal
            used.insert(literal)
        }
        return child.map { $0! }
    }
}
