/// One search over literal orderings for one DNF: evaluates an ordering by
/// factoring the DNF both ways (literal and kernel factoring) and costing
/// the results with the objective, remembers the best, and keeps count
/// against the budget. Strategies only propose orderings.
final class OrderingSearch {
    /// The DNF, over unit literals.
    let cubes: [UInt64]
    /// The literals whose order matters (those in at least two cubes).
    let orderable: [Int]
    /// The default order: most frequent first, then by number.
    let baseline: [Int]
    private var coster: FormulaCoster
    private let evaluationLimit: Int
    private let deadline: ContinuousClock.Instant?
    private var memo: [[Int]: Cost] = [:]
    private let thresholds = Factoring.ThresholdMemo()
    private(set) var evaluations = 0
    private(set) var best: (cost: Cost, formula: Factored, ordering: [Int])
    /// Set when the best formula uses every literal once: no ordering can
    /// then save a row, so strategies stop.
    private(set) var reachedReadOnce = false

    init(cubes: [UInt64], coster: FormulaCoster, budget: SearchBudget, deadline: ContinuousClock.Instant?) {
        self.cubes = cubes
        self.coster = coster
        self.evaluationLimit = budget.evaluations
        self.deadline = deadline
        let counts = Cubes.counts(cubes)
        self.orderable = Cubes.literals(of: Cubes.shared(cubes))
        self.baseline = orderable.sorted { (counts[$1], $0) < (counts[$0], $1) }
        self.best = (.worst, .constant(false), [])
        if orderable.isEmpty {
            // Nothing to order: the sum of products is already read-once.
            _ = evaluate([])
        }
    }

    /// Number of orderings that matter; nil when it exceeds Int.
    var orderingCount: Int? {
        var total = 1
        for n in stride(from: orderable.count, to: 1, by: -1) {
            let (product, overflow) = total.multipliedReportingOverflow(by: n)
            if overflow { return nil }
            total = product
        }
        return total
    }

    var isFinished: Bool {
        if reachedReadOnce || evaluations >= evaluationLimit { return true }
        if let total = orderingCount, memo.count >= total { return true }
        if let deadline, ContinuousClock.now >= deadline { return true }
        return false
    }

    /// Whether every ordering that matters has been evaluated.
    var exploredAll: Bool {
        guard let total = orderingCount else { return false }
        return memo.count >= total
    }

    var remainingEvaluations: Int { max(0, evaluationLimit - evaluations) }

    /// Cost of factoring along `ordering` (a permutation of `orderable`).
    /// Every call counts against the budget; repeated orderings are answered
    /// from memory.
    @discardableResult
    func evaluate(_ ordering: [Int]) -> Cost {
        evaluations += 1
        if let known = memo[ordering] { return known }
        let order = FactoringOrder(ordering)
        var bestHere = Cost.worst
        for method in Factoring.Method.allCases {
            let formula = Factoring.factor(cubes, order: order, method: method, memo: thresholds)
            let cost = coster.cost(formula)
            if cost < bestHere { bestHere = cost }
            if cost < best.cost {
                best = (cost, formula, ordering)
                reachedReadOnce = Self.isReadOnce(formula)
            }
        }
        memo[ordering] = bestHere
        return bestHere
    }

    static func isReadOnce(_ formula: Factored) -> Bool {
        var seen: Set<Int> = []
        var readOnce = true
        func walk(_ node: Factored) {
            switch node {
            case .literal(let index): if !seen.insert(index).inserted { readOnce = false }
            case .and(let children), .or(let children), .threshold(_, let children): children.forEach(walk)
            case .constant: break
            }
        }
        walk(formula)
        return readOnce
    }
}
