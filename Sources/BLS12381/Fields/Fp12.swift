#if VAULT_ADX_KERNELS
import CFieldKernels
#endif

/// Fp12 = Fp6[w]/(w² − v), the field in which pairings take their values.
struct Fp12: Sendable {
    var c0: Fp6
    var c1: Fp6

    @inline(__always) init(_ c0: Fp6, _ c1: Fp6) { self.c0 = c0; self.c1 = c1 }

    static var one: Fp12 { Fp12(.one, .zero) }

    /// Karatsuba over Fp6: three Fp6 multiplications.
    static func * (a: Fp12, b: Fp12) -> Fp12 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        return Fp12(t0 + t1.mulByV(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1)
    }

    /// Complex squaring over Fp6: two Fp6 multiplications.
    func squared() -> Fp12 {
        let ab = c0 * c1
        let c0New = (c0 + c1) * (c0 + c1.mulByV()) - ab - ab.mulByV()
        return Fp12(c0New, ab + ab)
    }

    /// Conjugation (the p⁶-power Frobenius); on the cyclotomic subgroup it is the inverse.
    @inline(__always) func conjugated() -> Fp12 { Fp12(c0, -c1) }

    /// Inverse through the norm to Fp6; 0 maps to 0.
    func inverse() -> Fp12 {
        let t = (c0.squared() - c1.squared().mulByV()).inverse()
        return Fp12(c0 * t, -(c1 * t))
    }

    /// The p-power Frobenius.
    func frobenius() -> Fp12 {
        let b = c1.frobenius()
        let w = Fp12.frobeniusW
        return Fp12(c0.frobenius(), Fp6(b.c0 * w, b.c1 * w, b.c2 * w))
    }

    /// Multiplication by a Miller-loop line ℓ0 + ℓ1·v + ℓ4·v·w, the sparse shape
    /// of an M-twist line (slots c0.c0, c0.c1, c1.c1): one call to the
    /// assembly kernel with lazy reduction (`vault_fp12_mul_by_line_adx`)
    /// when the build targets BMI2 and ADX, else `mulPortable(byLine:)`.
    @inline(__always) func mul(byLine l0: Fp2, _ l1: Fp2, _ l4: Fp2) -> Fp12 {
#if VAULT_ADX_KERNELS
        mulADX(byLine: l0, l1, l4)
#else
        mulPortable(byLine: l0, l1, l4)
#endif
    }

#if VAULT_ADX_KERNELS
    /// `vault_fp12_mul_by_line_adx` (tools/gen_fp6_asm.py): the thirteen Fp2
    /// products of `mulPortable(byLine:)` as 39 768-bit Fp products, each of
    /// the twelve output coordinates summed unreduced and reduced once (12
    /// Montgomery reductions instead of 26; Aranha et al., EUROCRYPT 2011,
    /// lazy reduction). Fp12's 72 limbs as C's uint64_t[72], the line as
    /// (ℓ0, ℓ1, ℓ4), 36 contiguous limbs. Reduced inputs and output.
    @inline(__always) func mulADX(byLine l0: Fp2, _ l1: Fp2, _ l4: Fp2) -> Fp12 {
        var r = Fp12(.zero, .zero), x = self, y = (l0, l1, l4)
        withUnsafeMutableBytes(of: &r) { rp in
            withUnsafeBytes(of: &x) { xp in
                withUnsafeBytes(of: &y) { yp in
                    vault_fp12_mul_by_line_adx(rp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                               xp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                               yp.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
            }
        }
        return r
    }
#endif

    /// Karatsuba over w with the sparse Fp6 products: about 13 Fp2 products.
    func mulPortable(byLine l0: Fp2, _ l1: Fp2, _ l4: Fp2) -> Fp12 {
        let a = c0.mul(by01: l0, l1)
        let b = c1.mul(by1: l4)
        let sum = (c0 + c1).mul(by01: l0, l1 + l4)
        return Fp12(b.mulByV() + a, sum - a - b)
    }

    /// Granger–Scott squaring for elements of the cyclotomic subgroup
    /// (“Faster squaring in the cyclotomic subgroup of sixth degree
    /// extensions”, PKC 2010, §3.2): nine Fp2 squarings. Wrong elsewhere.
    func cyclotomicSquared() -> Fp12 {
        // The three Fp4 = Fp2[s]/(s² − ξ) pairs of the compressed view.
        let (a0, a1) = Fp12.fp4Square(c0.c0, c1.c1)
        let (b0, b1) = Fp12.fp4Square(c1.c0, c0.c2)
        let (d0, d1) = Fp12.fp4Square(c0.c1, c1.c2)
        let x00 = (a0 - c0.c0).doubled() + a0
        let x11 = (a1 + c1.c1).doubled() + a1
        let x01 = (b0 - c0.c1).doubled() + b0
        let x12 = (b1 + c1.c2).doubled() + b1
        let dXi = d1.mulByXi()
        let x10 = (dXi + c1.c0).doubled() + dXi
        let x02 = (d0 - c0.c2).doubled() + d0
        return Fp12(Fp6(x00, x01, x02), Fp6(x10, x11, x12))
    }

    /// (a + b s)² in Fp4 with s² = ξ: returns (a² + ξ b², 2ab).
    @inline(__always) static func fp4Square(_ a: Fp2, _ b: Fp2) -> (Fp2, Fp2) {
        let a2 = a.squared()
        let b2 = b.squared()
        return (b2.mulByXi() + a2, (a + b).squared() - a2 - b2)
    }

    @inline(__always) static func equalMask(_ a: Fp12, _ b: Fp12) -> UInt64 {
        Fp6.equalMask(a.c0, b.c0) & Fp6.equalMask(a.c1, b.c1)
    }
    @inline(__always) static func select(_ mask: UInt64, _ a: Fp12, _ b: Fp12) -> Fp12 {
        Fp12(Fp6.select(mask, a.c0, b.c0), Fp6.select(mask, a.c1, b.c1))
    }
    static func == (a: Fp12, b: Fp12) -> Bool { equalMask(a, b) != 0 }
}
