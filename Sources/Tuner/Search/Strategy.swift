/// The search strategies over attribute orderings, behind one interface.
/// Every strategy starts from the greedy ordering, stays within its
/// evaluation budget, and draws randomness only from its seed.
public enum Strategy: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case exhaustive
    case greedy
    case annealing
    case genetic

    /// What `vault tune`, `vault encrypt --tune` and the benchmark's timing
    /// goal use unless told otherwise.
    public static let `default` = Strategy.greedy

    public init(name: String) throws(TuningError) {
        guard let strategy = Strategy(rawValue: name.lowercased()) else { throw .unknownStrategy(name) }
        self = strategy
    }

    public var description: String { rawValue }

    var implementation: any OrderingStrategy {
        switch self {
        case .exhaustive: ExhaustiveStrategy()
        case .greedy: GreedyStrategy()
        case .annealing: AnnealingStrategy()
        case .genetic: GeneticStrategy()
        }
    }
}

protocol OrderingStrategy: Sendable {
    /// Proposes orderings to `search` until it is finished or the strategy
    /// has nothing more to try; the search keeps the best.
    func run(_ search: OrderingSearch, random: inout SplitMix64)
}
