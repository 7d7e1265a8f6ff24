/// The exact synthesis lever: after the strategy, a sum of products over at
/// most five units whose best factoring is small and not read-once is
/// handed to the exact search (Certificates/ExactSynthesis.swift).
extension FormulaOptimizer {
    /// The exact minimum over the units when there are at most five of
    /// them (see ExactSynthesis): it finds gates no ordering of a factoring
    /// reaches, such as `3 of (a, b, c, d OR a)`. Nil unless strictly cheaper.
    func synthesize(_ cubes: [UInt64], units: [Int], info: [LiteralInfo], below bound: Cost) -> Factored? {
        // Small parts only: the search grows quickly with the rows it must reach.
        guard (2...5).contains(units.count), bound.rows <= Self.exactSynthesisRows else { return nil }
        var target: UInt32 = 0
        for assignment in 0..<(1 << units.count) {
            let held = units.indices.filter { (assignment >> $0) & 1 == 1 }.reduce(UInt64(0)) { $0 | Cubes.bit(units[$1]) }
            if cubes.contains(where: { $0 & held == $0 }) { target |= 1 << UInt32(assignment) }
        }
        let inputs = units.map { unit in
            ExactSynthesis.Input(rows: info[unit].shape.rows, textLength: info[unit].shape.textLength, kind: info[unit].shape.kind,
                                 maxOccurrence: info[unit].occurrences.map(\.count).max() ?? 1)
        }
        // Worth a less familiar gate only if it saves a row or a repetition, not just a few characters.
        guard let (formula, cost) = try? ExactSynthesis.minimum(target: target, inputs: inputs, objective: objective,
                                                               upperBound: bound, stateLimit: Self.exactSynthesisStates),
              cost < bound, cost.rows < bound.rows || cost.maxOccurrence < bound.maxOccurrence else { return nil }
        return formula.substituting { .literal(units[$0]) }
    }
}
