extension FieldElement {
    /// 1/v for every v at the cost of one inversion and 3(n − 1)
    /// multiplications (Montgomery's simultaneous-inversion trick, “Speeding
    /// the Pollard and elliptic curve methods of factorization”, Math. Comp.
    /// 1987, §10.3.1). Zeros are swapped for 1 by a masked select and come
    /// out as 0, as `inverse()` gives; no branch on the values.
    static func batchInverted(_ values: [Self]) -> [Self] {
        let zeroMasks = values.map(\.zeroMask)
        let safe = values.indices.map { Self.select(zeroMasks[$0], .one, values[$0]) }
        // prefix[i] = v0·…·v(i−1); invert the whole product once, then walk back.
        var prefix = [Self](repeating: .one, count: safe.count + 1)
        for i in safe.indices { prefix[i + 1] = prefix[i] * safe[i] }
        var running = prefix[safe.count].inverse()
        var inverses = [Self](repeating: .zero, count: safe.count)
        for i in stride(from: safe.count - 1, through: 0, by: -1) {
            inverses[i] = Self.select(zeroMasks[i], .zero, running * prefix[i])
            running = running * safe[i]
        }
        return inverses
    }
}

extension ProjectivePoint {
    /// Every point with Z = 1 (identities unchanged), with one field
    /// inversion for the whole batch instead of one per point.
    static func batchNormalized(_ points: [ProjectivePoint]) -> [ProjectivePoint] {
        let inverses = Curve.Field.batchInverted(points.map(\.z))
        return points.indices.map { i in
            let p = points[i]
            return select(p.identityMask, .identity, ProjectivePoint(x: p.x * inverses[i], y: p.y * inverses[i], z: .one))
        }
    }
}
