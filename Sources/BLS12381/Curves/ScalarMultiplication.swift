/// Scalar multiplication on either group.
extension ProjectivePoint {
    /// [k]P for a secret k, constant time: a fixed 4-bit window over all 256
    /// bits, every window performs the same doublings and one addition, and the
    /// table entry is chosen by reading all 16 entries and combining with masks,
    /// so neither branches nor memory addresses depend on k.
    func multipliedConstantTime(_ k: (UInt64, UInt64, UInt64, UInt64)) -> ProjectivePoint {
        var table = [ProjectivePoint](repeating: .identity, count: 16)
        table[1] = self
        for i in 2..<16 { table[i] = table[i - 1].adding(self) }
        let limbs = [k.0, k.1, k.2, k.3]
        var acc = ProjectivePoint.identity
        for window in stride(from: 63, through: 0, by: -1) {
            acc = acc.doubled().doubled().doubled().doubled()
            let digit = (limbs[window / 16] >> UInt64((window % 16) * 4)) & 0xf
            acc = acc.adding(ProjectivePoint.constantTimeLookup(table, digit))
        }
        return acc
    }

    /// table[index], reading every entry so that the access pattern is the same for all indices.
    static func constantTimeLookup(_ table: [ProjectivePoint], _ index: UInt64) -> ProjectivePoint {
        var result = ProjectivePoint.identity
        for i in 0..<table.count {
            let hit = equalityMask(UInt64(i), index)
            result = .select(hit, table[i], result)
        }
        return result
    }

    /// [k]P for a public k given as little-endian limbs: double-and-add from
    /// the top bit, variable time in k only (never use it on a secret k; P
    /// may be secret). The doublings run in Jacobian coordinates
    /// (`JacobianPoint`); each addition converts to projective and back.
    func multipliedVartime(_ limbs: [UInt64]) -> ProjectivePoint {
        var acc: JacobianPoint<Curve>?
        for limb in limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = acc?.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = JacobianPoint(acc.map { $0.projective.adding(self) } ?? self) }
            }
        }
        return acc?.projective ?? .identity
    }

    /// [|x|]P, where |x| = 0xd201000000010000 is the curve parameter's magnitude.
    func multipliedByAbsX() -> ProjectivePoint { multipliedVartime([absX]) }
}

/// |x| for the BLS parameter x = −0xd201000000010000.
let absX: UInt64 = 0xd201_0000_0001_0000
