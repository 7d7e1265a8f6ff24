/// Merges literals that act as one read-once module of the DNF, before any
/// ordering is searched:
/// - AND twins occur in exactly the same cubes, so x·y can be one literal;
/// - OR twins never occur together and are interchangeable (the cubes with
///   x, x removed, are exactly the cubes with y, y removed), so x ∨ y can be
///   one literal: x·q ∨ y·q = (x ∨ y)·q.
/// Both rewrites are exact and never add a row. They shrink the orderings
/// to search and let threshold extraction see `2 of (a, b, c OR d)`.
struct MergedCubes {
    /// The DNF over unit literals (bit i stands for `units[i]`).
    var cubes: [UInt64]
    /// Unit i as a formula over the original literals.
    var units: [Factored]

    init(cubes: [UInt64]) {
        self.cubes = Cubes.absorbed(cubes)
        self.units = (0..<Cubes.maxLiterals).map { .literal($0) }
        while mergeAndTwins() || mergeOrTwins() {}
    }

    private mutating func mergeAndTwins() -> Bool {
        var byOccurrence: [[Int]: [Int]] = [:]
        for literal in Cubes.literals(of: Cubes.support(cubes)) {
            let occurrence = cubes.indices.filter { cubes[$0] & Cubes.bit(literal) != 0 }
            byOccurrence[occurrence, default: []].append(literal)
        }
        var merged = false
        for group in byOccurrence.values.sorted(by: { $0[0] < $1[0] }) where group.count > 1 {
            let keep = group[0]
            units[keep] = .conjunction(group.map { units[$0] })
            let dropped = group.dropFirst().reduce(UInt64(0)) { $0 | Cubes.bit($1) }
            cubes = cubes.map { $0 & ~dropped }
            merged = true
        }
        return merged
    }

    private mutating func mergeOrTwins() -> Bool {
        var bySignature: [[UInt64]: [Int]] = [:]
        for literal in Cubes.literals(of: Cubes.support(cubes)) {
            let bit = Cubes.bit(literal)
            let signature = cubes.filter { $0 & bit != 0 }.map { $0 & ~bit }.sorted()
            bySignature[signature, default: []].append(literal)
        }
        var merged = false
        for group in bySignature.values.sorted(by: { $0[0] < $1[0] }) where group.count > 1 {
            let keep = group[0]
            units[keep] = .disjunction(group.map { units[$0] })
            let dropped = group.dropFirst().reduce(UInt64(0)) { $0 | Cubes.bit($1) }
            cubes = cubes.filter { $0 & dropped == 0 }
            merged = true
        }
        return merged
    }
}
