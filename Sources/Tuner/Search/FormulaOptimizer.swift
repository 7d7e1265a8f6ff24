import ABE

/// An optimized part of a policy: its bit-level formula (what is encrypted
/// under), the same with comparisons shown as written where they survive,
/// and its size.
struct OptimizedPart {
    var bits: PolicyNode
    var display: PolicyNode
    var info: LiteralInfo
}

/// Optimizes a bit-level policy tree:
/// 1. simplify (deduplication, absorption);
/// 2. replace independent blocks (compiled comparisons and other parts
///    whose attributes occur nowhere else) by literals, each optimized on
///    its own;
/// 3. expand the rest into its minimal DNF, merge read-once modules, and
///    let the strategy search literal orderings for the factoring with the
///    smallest cost;
/// 4. when the DNF is too large, optimize the children of the top gate
///    instead and keep the gate.
/// At every level the formula as written stays a candidate, so the result
/// is never larger than the input.
final class FormulaOptimizer {
    static let dnfLimit = 512
    /// Limits of the exact synthesis lever (the certificate has its own).
    static let exactSynthesisRows = 8
    static let exactSynthesisStates = 20_000

    let objective: SizeObjective
    let strategy: Strategy
    let budget: SearchBudget
    let seed: UInt64
    let deadline: ContinuousClock.Instant?
    let comparisons: [String: ShownComparison]
    /// Also try the exact search on sums of products over at most five units.
    let exactSynthesis: Bool
    private var attributeIndex: [Attribute: Int] = [:]
    private(set) var searches = 0
    private(set) var evaluations = 0
    /// Whether every search evaluated all orderings that matter or reached a read-once formula.
    private(set) var searchesComplete = true
    /// Whether some search used its whole evaluation budget.
    private(set) var budgetReached = false

    init(objective: SizeObjective, strategy: Strategy, budget: SearchBudget, seed: UInt64,
         deadline: ContinuousClock.Instant?, comparisons: [String: ShownComparison], exactSynthesis: Bool) {
        self.objective = objective
        self.strategy = strategy
        self.budget = budget
        self.seed = seed
        self.deadline = deadline
        self.comparisons = comparisons
        self.exactSynthesis = exactSynthesis
    }

    func optimize(_ input: PolicyNode) -> OptimizedPart {
        let tree = KeyedTree(TreeSimplification.simplified(input))
        // Read-once (every attribute once): no rewrite saves a row. Compiled
        // comparisons, the usual blocks, are read-once.
        if tree.counts.values.allSatisfy({ $0 == 1 }) { return readOnce(tree) }
        let blocks = BlockAbstraction.blocks(in: tree)
        var literals: [OptimizedPart] = []
        var literalNumbers: [String: Int] = [:]

        func literal(for key: String, _ make: () -> OptimizedPart) -> Factored {
            if let number = literalNumbers[key] { return .literal(number) }
            literalNumbers[key] = literals.count
            literals.append(make())
            return .literal(literals.count - 1)
        }
        func abstract(_ keyed: KeyedTree) -> Factored {
            switch keyed.node {
            case .attribute(let attribute):
                return literal(for: keyed.key) { leafPart(attribute) }
            case .comparison:
                return .constant(false)  // compiled trees have none
            case .and, .or, .threshold:
                if blocks.contains(keyed.key) { return literal(for: keyed.key) { optimize(keyed.node) } }
                let parts = keyed.children.map(abstract)
                switch keyed.node {
                case .and: return .conjunction(parts)
                case .or: return .disjunction(parts)
                case .threshold(let k, _): return .threshold(k, parts)
                default: return .constant(false)
                }
            }
        }
        let written = abstract(tree)
        var coster = FormulaCoster(objective: objective, literals: literals.map(\.info), attributeCount: attributeIndex.count)
        let optimized = optimizeAbstract(written, coster: &coster)

        let bits = optimized.policyNode { literals[$0].bits }
        let display = shownComparison(bits) ?? optimized.policyNode { literals[$0].display }
        return OptimizedPart(bits: bits, display: display, info: coster.info(optimized))
    }

    private func readOnce(_ tree: KeyedTree) -> OptimizedPart {
        func display(_ keyed: KeyedTree) -> PolicyNode {
            if let shown = comparisons[keyed.key], shown.formula == keyed.node { return .comparison(shown.comparison) }
            switch keyed.node {
            case .and: return .and(keyed.children.map(display))
            case .or: return .or(keyed.children.map(display))
            case .threshold(let k, _): return .threshold(k, keyed.children.map(display))
            case .attribute, .comparison: return keyed.node
            }
        }
        let occurrences = tree.counts.keys.sorted().map { LiteralInfo.Occurrence(attribute: index(of: $0), count: 1) }
        return OptimizedPart(bits: tree.node, display: display(tree).normalized(),
                             info: LiteralInfo(shape: Shape(of: tree.node), occurrences: occurrences))
    }

    /// The attribute's number across the whole policy (for τ).
    private func index(of attribute: Attribute) -> Int {
        if let known = attributeIndex[attribute] { return known }
        attributeIndex[attribute] = attributeIndex.count
        return attributeIndex.count - 1
    }

    private func leafPart(_ attribute: Attribute) -> OptimizedPart {
        let index = index(of: attribute)
        let node = PolicyNode.attribute(attribute)
        let display = shownComparison(node) ?? node
        return OptimizedPart(bits: node, display: display,
                             info: LiteralInfo(shape: .leaf(textLength: attribute.description.utf8.count),
                                               occurrences: [.init(attribute: index, count: 1)]))
    }

    /// The comparison `bits` is the exact compilation of, if any.
    private func shownComparison(_ bits: PolicyNode) -> PolicyNode? {
        guard let shown = comparisons[CanonicalKey.of(bits)], shown.formula == bits else { return nil }
        return .comparison(shown.comparison)
    }

    /// The cheapest of: the formula as written, the best factoring of its
    /// DNF the strategy finds, and (for thresholds, or when the DNF is too
    /// large) the gate over separately optimized children.
    private func optimizeAbstract(_ formula: Factored, coster: inout FormulaCoster) -> Factored {
        let children: [Factored]
        switch formula {
        case .and(let items), .or(let items), .threshold(_, let items): children = items
        case .literal, .constant: return formula
        }
        var best = (formula: formula, cost: coster.cost(formula))
        func consider(_ candidate: Factored) {
            let cost = coster.cost(candidate)
            if cost < best.cost { best = (candidate, cost) }
        }

        let searched = search(formula, coster: &coster)
        if let searched { consider(searched) }
        var isThreshold = false
        if case .threshold = formula { isThreshold = true }
        if searched == nil || isThreshold {
            let parts = children.map { optimizeAbstract($0, coster: &coster) }
            switch formula {
            case .and: consider(.conjunction(parts))
            case .or: consider(.disjunction(parts))
            case .threshold(let k, _): consider(.threshold(k, parts))
            default: break
            }
        }
        return best.formula
    }

    /// Searches orderings for the factoring of the formula's DNF; nil when
    /// the formula has more than 64 literals or its DNF is too large.
    private func search(_ formula: Factored, coster: inout FormulaCoster) -> Factored? {
        let used = formula.literalsUsed
        guard used.count <= Cubes.maxLiterals else { return nil }
        var local: [Int: Int] = [:]
        for (position, literal) in used.enumerated() { local[literal] = position }
        guard let dnf = DNFExpansion.expand(formula.substituting { .literal(local[$0]!) }, limit: Self.dnfLimit) else {
            return nil
        }
        let merged = MergedCubes(cubes: dnf)
        let support = Cubes.support(merged.cubes)
        // Unit formulas over the caller's literals, and their sizes.
        var units = [Factored](repeating: .constant(false), count: Cubes.maxLiterals)
        var unitInfo = [LiteralInfo](repeating: LiteralInfo(shape: .leaf(textLength: 0), occurrences: []),
                                     count: Cubes.maxLiterals)
        for unit in Cubes.literals(of: support) {
            units[unit] = merged.units[unit].substituting { .literal(used[$0]) }
            unitInfo[unit] = coster.info(units[unit])
        }
        let unitCoster = FormulaCoster(objective: objective, literals: unitInfo, attributeCount: attributeIndex.count)
        let search = OrderingSearch(cubes: merged.cubes, coster: unitCoster, budget: budget, deadline: deadline)
        var random = SplitMix64(seed: SplitMix64.derive(seed, searches))
        searches += 1
        strategy.implementation.run(search, random: &random)
        evaluations += search.evaluations
        if !(search.exploredAll || search.reachedReadOnce) { searchesComplete = false }
        if search.evaluations >= budget.evaluations { budgetReached = true }
        guard search.best.cost < .worst else { return nil }
        var found = search.best.formula
        if exactSynthesis, !search.reachedReadOnce,
           let exact = synthesize(merged.cubes, units: Cubes.literals(of: support), info: unitInfo, below: search.best.cost) {
            found = exact
        }
        return found.substituting { units[$0] }
    }
}

extension Factored {
    /// The distinct literal numbers used, ascending.
    var literalsUsed: [Int] {
        var found: Set<Int> = []
        func walk(_ node: Factored) {
            switch node {
            case .literal(let index): found.insert(index)
            case .and(let children), .or(let children), .threshold(_, let children): children.forEach(walk)
            case .constant: break
            }
        }
        walk(self)
        return found.sorted()
    }
}
