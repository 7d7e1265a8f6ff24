/// Monotone sums of products as arrays of cubes: a cube is the set of
/// literals of one product, as bits of a UInt64 (so at most 64 literals).
/// Kept as antichains (no cube contains another): for monotone functions the
/// antichain of minimal cubes is the unique minimal DNF, so absorption and
/// deduplication are exact simplifications.
enum Cubes {
    static let maxLiterals = 64

    static func bit(_ literal: Int) -> UInt64 { 1 << UInt64(literal) }

    static func literals(of cube: UInt64) -> [Int] {
        var result: [Int] = []
        var rest = cube
        while rest != 0 {
            let literal = rest.trailingZeroBitCount
            result.append(literal)
            rest &= rest - 1
        }
        return result
    }

    /// Absorption (a ∨ a·b = a) and deduplication: the minimal cubes, in a
    /// deterministic order (by size, then value).
    static func absorbed(_ cubes: [UInt64]) -> [UInt64] {
        let sorted = Set(cubes).sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
        var kept: [UInt64] = []
        kept.reserveCapacity(sorted.count)
        for cube in sorted where !kept.contains(where: { $0 & cube == $0 }) {
            kept.append(cube)
        }
        return kept
    }

    /// Literals present in every cube.
    static func commonCube(_ cubes: [UInt64]) -> UInt64 {
        cubes.reduce(~UInt64(0)) { $0 & $1 }
    }

    static func support(_ cubes: [UInt64]) -> UInt64 {
        cubes.reduce(0) { $0 | $1 }
    }

    /// How many cubes each literal occurs in.
    static func counts(_ cubes: [UInt64]) -> [Int] {
        var counts = [Int](repeating: 0, count: maxLiterals)
        for cube in cubes {
            var rest = cube
            while rest != 0 {
                counts[rest.trailingZeroBitCount] += 1
                rest &= rest - 1
            }
        }
        return counts
    }

    /// Literals occurring in at least two cubes: the only ones a factoring
    /// can pull out, and so the only ones whose order matters.
    static func shared(_ cubes: [UInt64]) -> UInt64 {
        var once: UInt64 = 0, twice: UInt64 = 0
        for cube in cubes {
            twice |= once & cube
            once |= cube
        }
        return twice
    }

    /// The product of two sums, absorbed; nil when it exceeds `limit` cubes.
    static func product(_ a: [UInt64], _ b: [UInt64], limit: Int) -> [UInt64]? {
        guard a.count * b.count <= limit * 8 else { return nil }
        var result: [UInt64] = []
        result.reserveCapacity(a.count * b.count)
        for x in a { for y in b { result.append(x | y) } }
        let absorbedResult = absorbed(result)
        return absorbedResult.count <= limit ? absorbedResult : nil
    }

    /// Algebraic (weak) division F ÷ D (Brayton–McMullen 1982): the largest
    /// Q with support disjoint from D such that every q·d is a cube of F.
    static func divide(_ cubes: [UInt64], by divisor: [UInt64]) -> [UInt64] {
        let divisorSupport = support(divisor)
        var quotient: Set<UInt64>?
        for d in divisor {
            var partial: Set<UInt64> = []
            for cube in cubes where cube & d == d {
                let rest = cube & ~d
                if rest & divisorSupport == 0 { partial.insert(rest) }
            }
            quotient = quotient.map { $0.intersection(partial) } ?? partial
            if quotient?.isEmpty == true { return [] }
        }
        return (quotient ?? []).sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
    }
}
