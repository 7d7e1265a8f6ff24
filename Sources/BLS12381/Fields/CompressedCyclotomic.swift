#if VAULT_ADX_KERNELS
import CFieldKernels
#endif

/// Karabina's compressed form of a cyclotomic Fp12 element (“Squaring in
/// cyclotomic subgroups”, Math. Comp. 82, 2013, §3–4). Writing
/// g = h0 + h1·w + h2·w² + h3·w³ + h4·w⁴ + h5·w⁵ over Fp2 (w⁶ = ξ, so
/// h0 = c0.c0, h1 = c1.c0, h2 = c0.c1, h3 = c1.c1, h4 = c0.c2, h5 = c1.c2),
/// the Granger–Scott square of (h1, h2, h4, h5) depends on those four alone,
/// so they can be squared on their own (six Fp2 squarings, against nine for
/// the full Granger–Scott squaring) and h3, h0 recovered at the end.
struct CompressedCyclotomic: Sendable {
    var h1: Fp2, h2: Fp2, h4: Fp2, h5: Fp2

    /// The compressed form of a cyclotomic element; wrong elsewhere.
    init(_ g: Fp12) { h1 = g.c1.c0; h2 = g.c0.c1; h4 = g.c0.c2; h5 = g.c1.c2 }
    init(h1: Fp2, h2: Fp2, h4: Fp2, h5: Fp2) { self.h1 = h1; self.h2 = h2; self.h4 = h4; self.h5 = h5 }

    /// The four coordinates of g², as `Fp12.cyclotomicSquared` computes them:
    /// h1' = 6ξ·h2h5 + 2h1, h2' = 3(h1² + ξh4²) − 2h2,
    /// h4' = 3(h2² + ξh5²) − 2h4, h5' = 6·h1h4 + 2h5. One call to the
    /// assembly kernel with lazy reduction when the build targets BMI2 and
    /// ADX, else `squaredPortable`.
    @inline(__always) func squared() -> CompressedCyclotomic {
#if VAULT_ADX_KERNELS
        squaredADX()
#else
        squaredPortable()
#endif
    }

#if VAULT_ADX_KERNELS
    /// `vault_fp12_cyclotomic_sqr_compressed_adx` (tools/gen_fp6_asm.py): the
    /// six Fp2 squares of the two Fp4 squarings as twelve 768-bit Fp
    /// products ((x0 + x1)(x0 − x1 + kp) and x0·x1 each), b0, b1, d0 and
    /// ξd1 summed unreduced and reduced once per coordinate (8 Montgomery
    /// reductions instead of 12), then 3x ± 2h by modular additions
    /// (Aranha et al., EUROCRYPT 2011, lazy reduction).
    /// The four Fp2 as 48 contiguous limbs (h1, h2, h4, h5). Reduced input
    /// and output, constant time.
    @inline(__always) func squaredADX() -> CompressedCyclotomic {
        var r = self, x = self
        withUnsafeMutableBytes(of: &r) { rp in
            withUnsafeBytes(of: &x) { xp in
                let a = xp.baseAddress!.assumingMemoryBound(to: UInt64.self)
                vault_fp12_cyclotomic_sqr_compressed_adx(rp.baseAddress!.assumingMemoryBound(to: UInt64.self), a, a)
            }
        }
        return r
    }
#endif

    /// Two Fp4 squarings (`Fp12.fp4Square`), six Fp2 squares.
    func squaredPortable() -> CompressedCyclotomic {
        let (b0, b1) = Fp12.fp4Square(h1, h4)
        let (d0, d1) = Fp12.fp4Square(h2, h5)
        let dXi = d1.mulByXi()
        return CompressedCyclotomic(h1: (dXi + h1).doubled() + dXi,
                                    h2: (b0 - h2).doubled() + b0,
                                    h4: (d0 - h4).doubled() + d0,
                                    h5: (b1 + h5).doubled() + b1)
    }

    /// h3 as numerator and denominator. On the cyclotomic subgroup
    /// 4·h1·h3 = ξh5² + 3h2² − 2h4 (Karabina §4, in this basis); when h1 = 0
    /// the relation h0h1 + ξh3h4 = 2ξh2h5 + h1 (comparing the w¹ coefficients
    /// of g² and of its Granger–Scott form) gives h3·h4 = 2·h2h5 instead.
    /// Both are computed and one is selected by mask: no branch on the value.
    /// If h1 = h4 = 0 then h2 = h5 = 0 as well and g = 1; the fraction is
    /// then 0/0, which the zero-preserving inversion turns into h3 = 0, right.
    func h3Fraction() -> (numerator: Fp2, denominator: Fp2) {
        let h1Zero = h1.zeroMask
        let h2Squared = h2.squared()
        let regularNumerator = h5.squared().mulByXi() + h2Squared.doubled() + h2Squared - h4.doubled()
        let fallbackNumerator = (h2 * h5).doubled()
        return (Fp2.select(h1Zero, fallbackNumerator, regularNumerator),
                Fp2.select(h1Zero, h4, h1.doubled().doubled()))
    }

    /// The full element, given h3: h0 = ξ(2h3² + h1h5 − 3h2h4) + 1 (Karabina §4).
    func decompressed(h3: Fp2) -> Fp12 {
        let h2h4 = h2 * h4
        let h0 = (h3.squared().doubled() + h1 * h5 - h2h4.doubled() - h2h4).mulByXi() + .one
        return Fp12(Fp6(h0, h2, h4), Fp6(h1, h3, h5))
    }

    /// Every element decompressed with one Fp2 inversion for all of them
    /// (Montgomery's trick, `batchInverted`).
    static func decompressed(_ values: [CompressedCyclotomic]) -> [Fp12] {
        let fractions = values.map { $0.h3Fraction() }
        let inverses = Fp2.batchInverted(fractions.map(\.denominator))
        return values.indices.map { values[$0].decompressed(h3: fractions[$0].numerator * inverses[$0]) }
    }
}

/// m^x as `cyclotomicPowerX` computes it, right to left with Karabina's
/// compressed squarings: m^(2^i) for i = 1…63 stay compressed, the six with
/// a set bit of |x| (i = 16, 48, 57, 60, 62, 63) are decompressed with one
/// batched inversion and multiplied. The sequence depends on x only.
func cyclotomicPowerXCompressed(_ m: Fp12) -> Fp12 {
    var c = CompressedCyclotomic(m)
    var selected = [CompressedCyclotomic]()
    for bit in 1..<64 {
        c = c.squared()
        if (absX >> UInt64(bit)) & 1 == 1 { selected.append(c) }
    }
    let powers = CompressedCyclotomic.decompressed(selected)
    var r = powers[0]
    for g in powers.dropFirst() { r = r * g }
    return r.conjugated()
}
