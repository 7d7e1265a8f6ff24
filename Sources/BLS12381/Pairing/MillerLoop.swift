/// The Miller loop of the optimal ate pairing on BLS12-381 (IRTF
/// pairing-friendly-curves draft, “Computing the Optimal Ate Pairing”):
/// f_{|x|,Q}(P) over the 63 bits below the top bit of |x|, then conjugated
/// because x < 0. The G2 point runs in homogeneous projective coordinates on
/// the twist; lines use the formulas of Costello–Lange–Naehrig (PKC 2010) and
/// Aranha et al. (ePrint 2010/526 §4) for an M-type twist, and land in the
/// sparse slots c0.c0, c0.c1, c1.c1 of Fp12.
struct MillerPair {
    var t: ProjectivePoint<G2Curve>
    let qx: Fp2
    let qy: Fp2
    let px: Fp
    let py: Fp

    /// Both points must be in their groups and not the identity.
    /// From affine coordinates (see `affinePairs`).
    init(px: Fp, py: Fp, qx: Fp2, qy: Fp2) {
        self.px = px; self.py = py; self.qx = qx; self.qy = qy
        self.t = ProjectivePoint(affineX: qx, affineY: qy)
    }

    /// Every pair in affine coordinates with one field inversion in all
    /// (Montgomery's simultaneous-inversion trick): the G1 Z's and the norms
    /// of the G2 Z's (1/z = z̄/N(z) in Fp2) are inverted together. A zero Z
    /// (an identity point) is swapped for 1 by a masked select and its
    /// coordinates come out (0, 0), as `affine()` would give; no branch.
    static func affinePairs(_ pairs: [(ProjectivePoint<G1Curve>, ProjectivePoint<G2Curve>)]) -> [MillerPair] {
        let n = pairs.count
        var values = [Fp]()
        values.reserveCapacity(2 * n)
        for (p, _) in pairs { values.append(p.z) }
        for (_, q) in pairs { values.append(q.z.c0.squared() + q.z.c1.squared()) }
        let inverses = Fp.batchInverted(values)
        return pairs.indices.map { i in
            let (p, q) = pairs[i]
            let zInverse = q.z.conjugated().mul(by: inverses[n + i])
            return MillerPair(px: p.x * inverses[i], py: p.y * inverses[i], qx: q.x * zInverse, qy: q.y * zInverse)
        }
    }

    /// T ← 2T, returning the tangent line at T evaluated at P.
    mutating func doublingStep() -> (Fp2, Fp2, Fp2) {
        let xy = t.x * t.y
        let a = Fp2(Fp.half(xy.c0), Fp.half(xy.c1))
        let b = t.y.squared()
        let c = t.z.squared()
        let e = G2Curve.mulByB3(c)
        let f = e.doubled() + e
        let bPlusF = b + f
        let halfBPlusF = Fp2(Fp.half(bPlusF.c0), Fp.half(bPlusF.c1))
        let h = (t.y + t.z).squared() - b - c
        let xSquared = t.x.squared()
        let eSquared = e.squared()
        t = ProjectivePoint(x: a * (b - f),
                            y: halfBPlusF.squared() - (eSquared.doubled() + eSquared),
                            z: b * h)
        return (e - b, (xSquared.doubled() + xSquared).mul(by: px), (-h).mul(by: py))
    }

    /// T ← T + Q, returning the chord through T and Q evaluated at P.
    mutating func additionStep() -> (Fp2, Fp2, Fp2) {
        let theta = t.y - qy * t.z
        let lambda = t.x - qx * t.z
        let c = theta.squared()
        let d = lambda.squared()
        let e = lambda * d
        let f = t.z * c
        let g = t.x * d
        let h = e + f - g.doubled()
        let line0 = theta * qx - lambda * qy
        t = ProjectivePoint(x: lambda * h, y: theta * (g - h) - t.y * e, z: t.z * e)
        return (line0, (-theta).mul(by: px), lambda.mul(by: py))
    }
}

/// ∏ f_{|x|,Qi}(Pi), conjugated, sharing one Fp12 squaring chain over all pairs.
func millerLoop(_ pairs: inout [MillerPair]) -> Fp12 {
    var f = Fp12.one
    var first = true
    for bit in stride(from: 62, through: 0, by: -1) {
        if !first { f = f.squared() }
        for j in pairs.indices {
            let (l0, l1, l4) = pairs[j].doublingStep()
            f = first && j == 0 ? Fp12(Fp6(l0, l1, .zero), Fp6(.zero, l4, .zero)) : f.mul(byLine: l0, l1, l4)
        }
        first = false
        if (absX >> UInt64(bit)) & 1 == 1 {
            for j in pairs.indices {
                let (l0, l1, l4) = pairs[j].additionStep()
                f = f.mul(byLine: l0, l1, l4)
            }
        }
    }
    return f.conjugated()
}
