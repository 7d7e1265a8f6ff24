/// The cheapest formula of all for a function of at most five inputs:
/// the minimum of the objective over every formula with AND, OR and k-of-m
/// gates that computes it. Inputs are attributes (for the certificate) or
/// read-once parts with their own rows, text and repetition (when the
/// optimizer uses it as a lever on small sums of products).
///
/// Dynamic programming over formulas by rows. A state is a formula class:
/// its truth table over the n ≤ 5 inputs (32 bits), how often it uses each
/// input, and its top gate; states that another state dominates (no more
/// uses of any input, no longer text in any context) are dropped. That is
/// exact, because a parent's truth table, uses and text follow from its
/// children's (the text as `Shape.gate` counts it). States are built from
/// smaller ones:
/// - AND/OR chains (formula, new last child not of the same gate), so each
///   n-ary gate is reached once per child order;
/// - k-of-m gates (m ≥ 3, 1 < k < m) over every multiset of smaller states.
/// A gate with a child that changes nothing is skipped (dropping the child
/// is cheaper), and a state is dropped when even the cheapest formula
/// containing it (adding a row and a name for each input it lacks) would
/// cost more than the best known one.
struct ExactSynthesis {
    struct Input {
        let rows: Int
        let textLength: Int
        let kind: Shape.Kind
        /// Repetition of the most repeated attribute inside the input.
        let maxOccurrence: Int
    }

    /// Too many formula classes: the answer is unknown, not wrong.
    struct LimitExceeded: Error {}

    /// Plain values only, so that many of them cost no reference counting.
    /// Uses hold 8 bits per input: no count comes near 256 rows.
    private struct State {
        let truthTable: UInt32
        let uses: UInt64  // 8 bits per input
        let kind: Shape.Kind
        let text: Int
        let rows: Int
        /// Inputs used (bit i for input i), and the most repeated attribute.
        var mask = 0
        var repetition = 0
        /// Input: its number; gate: k (thresholds) and children in `childIndices`.
        let input: Int
        let k: Int
        let firstChild: Int
        let childCount: Int
    }

    let inputs: [Input]
    let objective: SizeObjective
    private let target: UInt32
    private let full: UInt32
    private var bound: Cost
    private let stateLimit: Int
    private var states: [State] = []
    private var byTable: [UInt32: [Int]] = [:]
    private var levels: [[Int]] = [[]]
    /// Each finished level's states grouped by the inputs they use, each
    /// group by increasing text, so that a pair loop can stop early.
    private var groups: [[(mask: Int, states: [Int])]] = [[]]
    private var best: Int?
    private var childIndices: [Int] = []
    /// What a formula must still add for the inputs a part lacks: rows and
    /// text (name and a separator) for each subset of inputs.
    private let lackingRows: [Int]
    private let lackingText: [Int]

    /// The cheapest formula for `target` (bit a set when the function holds
    /// for the assignment whose input i is bit i of a) costing at most
    /// `upperBound`, as a formula over input numbers; nil if none is cheaper
    /// or equal. Throws when the search grows past `stateLimit` classes.
    static func minimum(target: UInt32, inputs: [Input], objective: SizeObjective, upperBound: Cost,
                        stateLimit: Int = 250_000) throws(LimitExceeded) -> (formula: Factored, cost: Cost)? {
        guard (1...5).contains(inputs.count) else { return nil }
        var search = ExactSynthesis(target: target, inputs: inputs, objective: objective, upperBound: upperBound,
                                    stateLimit: stateLimit)
        return try search.run()
    }

    /// The truth table of input i over n inputs.
    static func inputTable(_ index: Int, of count: Int) -> UInt32 {
        var table: UInt32 = 0
        for assignment in 0..<(1 << count) where (assignment >> index) & 1 == 1 { table |= 1 << UInt32(assignment) }
        return table
    }

    private init(target: UInt32, inputs: [Input], objective: SizeObjective, upperBound: Cost, stateLimit: Int) {
        self.inputs = inputs
        self.objective = objective
        self.target = target
        self.full = inputs.count == 5 ? UInt32.max : (UInt32(1) << UInt32(1 << inputs.count)) - 1
        self.bound = upperBound
        self.stateLimit = stateLimit
        let subsets = 0..<(1 << inputs.count)
        self.lackingRows = subsets.map { mask in inputs.indices.filter { (mask >> $0) & 1 == 1 }.reduce(0) { $0 + inputs[$1].rows } }
        self.lackingText = subsets.map { mask in
            inputs.indices.filter { (mask >> $0) & 1 == 1 }.reduce(0) { $0 + inputs[$1].textLength + 2 }
        }
    }

    private mutating func run() throws(LimitExceeded) -> (formula: Factored, cost: Cost)? {
        let allInputs = (1 << inputs.count) - 1
        var rows = 1
        // No formula for the target has fewer rows or less text than one use of each input.
        while cost(rows: max(rows, lackingRows[allInputs]), uses: 0, text: lackingText[allInputs] - 2) <= bound {
            levels.append([])
            for (index, input) in inputs.enumerated() where input.rows == rows {
                try insert(State(truthTable: Self.inputTable(index, of: inputs.count), uses: 1 << UInt64(8 * index),
                                 kind: input.kind, text: input.textLength, rows: input.rows, input: index,
                                 k: 0, firstChild: 0, childCount: 0))
            }
            try buildChains(rows: rows)
            try buildThresholds(rows: rows)
            finishLevel(rows)
            rows += 1
            if rows > 60 { break }
        }
        guard let best else { return nil }
        let state = states[best]
        return (formula(best), cost(rows: state.rows, uses: state.uses, text: state.text))
    }

    // MARK: Building states

    private mutating func finishLevel(_ rows: Int) {
        levels[rows].sort { (states[$0].text, $0) < (states[$1].text, $1) }
        var byMask: [Int: [Int]] = [:]
        for index in levels[rows] { byMask[states[index].mask, default: []].append(index) }
        groups.append(byMask.keys.sorted().map { ($0, byMask[$0]!) })
    }

    private mutating func buildChains(rows: Int) throws(LimitExceeded) {
        let allInputs = (1 << inputs.count) - 1
        for leftRows in 1..<max(1, rows) {
            let rightRows = rows - leftRows
            for left in levels[leftRows] {
                let a = states[left]
                for group in groups[rightRows] {
                    // Cheapest any formula holding such a pair can be: both texts,
                    // a separator, and a row and a name for each missing input.
                    let lacking = ~(a.mask | group.mask) & allInputs
                    let floor = objective.searchBytes(rows: rows + lackingRows[lacking], maxOccurrence: max(1, a.repetition),
                                                      policyTextBytes: a.text + 4 + lackingText[lacking])
                    let textAllowance = bound.bytes - floor
                    for right in group.states {
                        let b = states[right]
                        if b.text > textAllowance { break }
                        try chain(left, a, right, b, rows: rows)
                    }
                }
            }
        }
    }

    private mutating func chain(_ left: Int, _ a: State, _ right: Int, _ b: State, rows: Int) throws(LimitExceeded) {
        let uses = a.uses &+ b.uses
        for kind in [Shape.Kind.and, .or] where b.kind != kind {
            // Two plain children: the other order gives the same gate.
            if a.kind != kind && left > right { continue }
            let table = kind == .and ? a.truthTable & b.truthTable : a.truthTable | b.truthTable
            guard table != a.truthTable, table != b.truthTable else { continue }
            // As Shape.gate writes it: a separator, and parentheses around the other gate kind.
            let other: Shape.Kind = kind == .and ? .or : .and
            let text = a.text + b.text + (kind == .and ? 5 : 4) + (a.kind == other ? 2 : 0) + (b.kind == other ? 2 : 0)
            try insert(State(truthTable: table, uses: uses, kind: kind, text: text, rows: rows,
                             input: -1, k: 0, firstChild: 0, childCount: 0), children: [left, right])
        }
    }

    private mutating func buildThresholds(rows: Int) throws(LimitExceeded) {
        guard rows >= 3 else { return }
        // Children in a fixed order (fewer rows first, then shorter text), chosen as multisets.
        let pool = (1..<rows).flatMap { levels[$0] }
        var nextLevelStart = [Int](repeating: pool.count, count: pool.count)
        var position = pool.count - 1
        while position >= 0 {
            let rowsHere = states[pool[position]].rows
            var start = position
            while start > 0, states[pool[start - 1]].rows == rowsHere { start -= 1 }
            for index in start...position { nextLevelStart[index] = position + 1 }
            position = start - 1
        }
        let allInputs = (1 << inputs.count) - 1
        var chosen: [Int] = []
        var failure: LimitExceeded?
        func extend(from start: Int, remaining: Int, uses: UInt64, text: Int) {
            if failure != nil { return }
            if remaining == 0 {
                if chosen.count >= 3 {
                    do { try emitThresholds(chosen, uses: uses, text: text, rows: rows) } catch { failure = error }
                }
                return
            }
            var position = start
            while position < pool.count {
                let child = states[pool[position]]
                guard child.rows <= remaining else { break }
                // Each further child needs a row: leave room to reach three children.
                guard chosen.count + 1 + (remaining - child.rows) >= 3 else { position += 1; continue }
                let partialText = text + child.text + (chosen.isEmpty ? 0 : 2)
                // "k of (" and ")" at least; the children that follow at this
                // number of rows have longer texts, so none of them fits either.
                guard cost(rows: rows, uses: uses, text: partialText + 7) <= bound else {
                    position = nextLevelStart[position]
                    continue
                }
                // A name for each input still missing; inputs the remaining
                // children cannot hold add rows outside the gate.
                let sum = uses &+ child.uses
                let lacking = ~usedMask(sum) & allInputs
                let left = remaining - child.rows
                guard cost(rows: rows + max(0, lackingRows[lacking] - left), uses: sum,
                           text: partialText + 7 + lackingText[lacking]) <= bound else {
                    position += 1
                    continue
                }
                chosen.append(pool[position])
                extend(from: position, remaining: left, uses: sum, text: partialText)
                chosen.removeLast()
                if failure != nil { return }
                position += 1
            }
        }
        extend(from: 0, remaining: rows, uses: 0, text: 0)
        if let failure { throw failure }
    }

    private mutating func emitThresholds(_ children: [Int], uses: UInt64, text: Int, rows: Int) throws(LimitExceeded) {
        let m = children.count
        var atLeast = [UInt32](repeating: 0, count: m + 1)
        atLeast[0] = UInt32.max
        for child in children {
            let table = states[child].truthTable
            for j in stride(from: m, through: 1, by: -1) { atLeast[j] |= atLeast[j - 1] & table }
        }
        let childTables = Set(children.map { states[$0].truthTable })
        for k in 2..<m {
            let table = atLeast[k] & full
            guard !childTables.contains(table) else { continue }
            let gateText = String(k).utf8.count + 5 + text + 1  // "k of (" … ")"; the ", " are in text
            try insert(State(truthTable: table, uses: uses, kind: .threshold, text: gateText, rows: rows,
                             input: -1, k: k, firstChild: 0, childCount: 0), children: children)
        }
    }

    private mutating func insert(_ candidate: State, children: [Int] = []) throws(LimitExceeded) {
        let lacking = ~usedMask(candidate.uses) & ((1 << inputs.count) - 1)
        let atLeast = cost(rows: candidate.rows + lackingRows[lacking], uses: candidate.uses,
                           text: candidate.text + lackingText[lacking])
        guard atLeast <= bound else { return }
        if let bucket = byTable[candidate.truthTable],
           bucket.contains(where: { dominates(states[$0], candidate) }) { return }
        guard states.count < stateLimit else { throw LimitExceeded() }
        var state = State(truthTable: candidate.truthTable, uses: candidate.uses, kind: candidate.kind,
                          text: candidate.text, rows: candidate.rows, input: candidate.input, k: candidate.k,
                          firstChild: childIndices.count, childCount: children.count)
        state.mask = usedMask(state.uses)
        state.repetition = maxOccurrence(state.uses)
        childIndices.append(contentsOf: children)
        byTable[state.truthTable, default: []].append(states.count)
        states.append(state)
        levels[state.rows].append(states.count - 1)
        if state.truthTable == target {
            let stateCost = cost(rows: state.rows, uses: state.uses, text: state.text)
            if stateCost <= bound {
                best = states.count - 1
                bound = stateCost
            }
        }
    }

    /// `a` can stand wherever `b` can, for no more cost: no more uses of any
    /// input, and no longer text as a whole, inside an AND, or inside an OR.
    private func dominates(_ a: State, _ b: State) -> Bool {
        guard a.rows <= b.rows, a.text <= b.text else { return false }
        for index in 0..<inputs.count {
            let shift = UInt64(8 * index)
            if (a.uses >> shift) & 0xFF > (b.uses >> shift) & 0xFF { return false }
        }
        func penalty(_ kind: Shape.Kind, inside gate: Shape.Kind) -> Int {
            (gate == .and && kind == .or) || (gate == .or && kind == .and) ? 2 : 0
        }
        return a.text + penalty(a.kind, inside: .and) <= b.text + penalty(b.kind, inside: .and)
            && a.text + penalty(a.kind, inside: .or) <= b.text + penalty(b.kind, inside: .or)
    }

    // MARK: Helpers

    /// The most repeated attribute: uses of an input times its own repetition.
    private func maxOccurrence(_ uses: UInt64) -> Int {
        var largest = 0
        var rest = uses
        var index = 0
        while rest != 0 {
            let count = Int(rest & 0xFF)
            if count > 0 { largest = max(largest, count * inputs[index].maxOccurrence) }
            rest >>= 8
            index += 1
        }
        return largest
    }

    /// Bit i set when input i is used.
    private func usedMask(_ uses: UInt64) -> Int {
        var mask = 0
        var rest = uses
        var index = 0
        while rest != 0 {
            if rest & 0xFF != 0 { mask |= 1 << index }
            rest >>= 8
            index += 1
        }
        return mask
    }

    private func cost(rows: Int, uses: UInt64, text: Int) -> Cost {
        objective.cost(rows: rows, maxOccurrence: max(1, maxOccurrence(uses)), textBytes: text)
    }

    private func formula(_ index: Int) -> Factored {
        let state = states[index]
        if state.input >= 0 { return .literal(state.input) }
        let parts = childIndices[state.firstChild..<(state.firstChild + state.childCount)].map(formula)
        switch state.kind {
        case .and: return .conjunction(parts)
        case .or: return .disjunction(parts)
        default: return .threshold(state.k, parts)
        }
    }
}
