/// Fixed-base multiplication with a precomputed table: for each of the 64
/// four-bit windows i, the multiples [j·16^i]B for j = 0…15. [k]B is then 64
/// additions with no doublings. Each window's entry is read by a full masked
/// scan, so the scalar may be secret.
struct FixedBaseTable<Curve: CurveDescription>: Sendable {
    private let windows: [[ProjectivePoint<Curve>]]

    init(_ base: ProjectivePoint<Curve>) {
        var points = [ProjectivePoint<Curve>]()
        points.reserveCapacity(64 * 16)
        var windowBase = base
        for _ in 0..<64 {
            let start = points.count
            points.append(.identity)
            for j in 1..<16 { points.append(points[start + j - 1].adding(windowBase)) }
            windowBase = points[start + 15].adding(windowBase)
        }
        // Z = 1 everywhere, with one inversion for all 1,024 entries (it was
        // one inversion each, most of a command's start-up time).
        let normalized = ProjectivePoint.batchNormalized(points)
        windows = (0..<64).map { Array(normalized[($0 * 16)..<($0 * 16 + 16)]) }
    }

    func multiply(_ k: Scalar) -> ProjectivePoint<Curve> {
        let (k0, k1, k2, k3) = k.canonicalLimbs
        let limbs = [k0, k1, k2, k3]
        var acc = ProjectivePoint<Curve>.identity
        for i in 0..<64 {
            let digit = (limbs[i / 16] >> UInt64((i % 16) * 4)) & 0xf
            acc = acc.adding(ProjectivePoint.constantTimeLookup(windows[i], digit))
        }
        return acc
    }
}

// When `TableOnDemand` builds: about where the table has paid for itself. A
// table costs 1,024 point additions (GT: Fp12 products) and saves, per
// multiplication, the difference between a direct constant-time one (G1
// with GLV about 200 addition-equivalents, G2 about 320, GT about 220
// product-equivalents) and the 64 additions through the table.

/// A G1 point prepared for many multiplications by secret scalars (3–4× faster
/// than `*` once its table exists; the table is built on the seventh call).
public struct G1FixedBase: Sendable {
    private let base: G1Point
    private let table: TableOnDemand<FixedBaseTable<G1Curve>>
    public init(_ base: G1Point) {
        self.base = base
        table = TableOnDemand(directCalls: 6) { FixedBaseTable(base.point) }
    }
    public func multiply(_ k: Scalar) -> G1Point {
        guard let table = table.table() else { return base * k }
        return G1Point(table.multiply(k))
    }
}

/// A G2 point prepared for many multiplications by secret scalars (the table
/// is built on the fourth call).
public struct G2FixedBase: Sendable {
    private let base: G2Point
    private let table: TableOnDemand<FixedBaseTable<G2Curve>>
    public init(_ base: G2Point) {
        self.base = base
        table = TableOnDemand(directCalls: 3) { FixedBaseTable(base.point) }
    }
    public func multiply(_ k: Scalar) -> G2Point {
        guard let table = table.table() else { return base * k }
        return G2Point(table.multiply(k))
    }
}

extension G1Point {
    private static let generatorTable = G1FixedBase(.generator)
    /// [k]G1 through a precomputed table, constant time.
    public static func generatorMultiple(_ k: Scalar) -> G1Point { generatorTable.multiply(k) }
}

extension G2Point {
    private static let generatorTable = G2FixedBase(.generator)
    /// [k]G2 through a precomputed table, constant time.
    public static func generatorMultiple(_ k: Scalar) -> G2Point { generatorTable.multiply(k) }
}

/// A GT element prepared for many exponentiations by secret scalars, as in
/// every encryption's e(g, h)^(α·s): per-window tables, no squarings. The
/// table is built on the seventh call; before that `GT.power` is cheaper.
public struct GTFixedBase: Sendable {
    private let base: GT
    private let table: TableOnDemand<[[Fp12]]>

    public init(_ base: GT) {
        self.base = base
        table = TableOnDemand(directCalls: 6) { GTFixedBase.windows(base.value) }
    }

    private static func windows(_ base: Fp12) -> [[Fp12]] {
        var windows = [[Fp12]]()
        var windowBase = base
        for _ in 0..<64 {
            var row = [Fp12.one]
            for j in 1..<16 { row.append(row[j - 1] * windowBase) }
            windows.append(row)
            windowBase = row[15] * windowBase
        }
        return windows
    }

    public func power(_ k: Scalar) -> GT {
        guard let windows = table.table() else { return base.power(k) }
        let (k0, k1, k2, k3) = k.canonicalLimbs
        let limbs = [k0, k1, k2, k3]
        var acc = Fp12.one
        for i in 0..<64 {
            let digit = (limbs[i / 16] >> UInt64((i % 16) * 4)) & 0xf
            var entry = Fp12.one
            for j in 0..<16 {
                entry = .select(equalityMask(UInt64(j), digit), windows[i][j], entry)
            }
            acc = acc * entry
        }
        return GT(acc)
    }
}
