#if VAULT_ADX_KERNELS
import CFieldKernels
#endif

/// Fp2 = Fp[u]/(u² + 1), the field of G2's coordinates.
struct Fp2: Sendable {
    var c0: Fp
    var c1: Fp

    @inline(__always) init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }
}

extension Fp2: FieldElement {
    static var zero: Fp2 { Fp2(.zero, .zero) }
    static var one: Fp2 { Fp2(.one, .zero) }

    @inline(__always) static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
    @inline(__always) static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
    @inline(__always) static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }
    @inline(__always) func doubled() -> Fp2 { Fp2(c0.doubled(), c1.doubled()) }

    /// a·b: one call to the assembly kernel (Karatsuba with lazy reduction,
    /// Sources/CFieldKernels/fp2_adx.S) when the build targets BMI2 and ADX
    /// (Package.swift), else `mulPortable`.
    @inline(__always) static func * (a: Fp2, b: Fp2) -> Fp2 {
#if VAULT_ADX_KERNELS
        mulADX(a, b)
#else
        mulPortable(a, b)
#endif
    }

    /// Karatsuba: three Fp multiplications. The two sums stay unreduced
    /// (below 2p), which the Montgomery multiplication accepts.
    @inline(__always) static func mulPortable(_ a: Fp2, _ b: Fp2) -> Fp2 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let t2 = Fp.mul(Fp.addUnreduced(a.c0, a.c1), Fp.addUnreduced(b.c0, b.c1))
        return Fp2(t0 - t1, t2 - t0 - t1)
    }

    /// a², through the assembly kernel when the build has it, else `squaredPortable`.
    @inline(__always) func squared() -> Fp2 {
#if VAULT_ADX_KERNELS
        squaredADX()
#else
        squaredPortable()
#endif
    }

    /// (a + bu)² = (a + b)(a − b) + (2a)b·u: two Fp multiplications on
    /// unreduced operands.
    @inline(__always) func squaredPortable() -> Fp2 {
        Fp2(Fp.mul(Fp.addUnreduced(c0, c1), Fp.subUnreduced(c0, c1)), Fp.mul(Fp.addUnreduced(c0, c0), c1))
    }

#if VAULT_ADX_KERNELS
    /// `vault_fp2_mul_adx` (tools/gen_fp2_asm.py): T0 = a0·b0, T1 = a1·b1,
    /// T2 = (a0 + a1)(b0 + b1) as 768-bit products, c0 = REDC(T0 − T1),
    /// c1 = REDC(T2 − T0 − T1) (Aranha et al., EUROCRYPT 2011, Alg. 2).
    /// Fp2's twelve limbs are laid out as C's uint64_t[12], c0 first.
    /// Inputs below 2p limb-wise, output fully reduced, constant time.
    @inline(__always) static func mulADX(_ a: Fp2, _ b: Fp2) -> Fp2 {
        var r = Fp2.zero, x = a, y = b
        withUnsafeMutableBytes(of: &r) { rp in
            withUnsafeBytes(of: &x) { xp in
                withUnsafeBytes(of: &y) { yp in
                    vault_fp2_mul_adx(rp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                      xp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                      yp.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
            }
        }
        return r
    }

    /// `vault_fp2_sqr_adx`: (a0 + a1)(a0 − a1 + p) and (2a0)·a1, each one
    /// product and one reduction. Reduced input, reduced output, constant time.
    @inline(__always) func squaredADX() -> Fp2 {
        var r = Fp2.zero, x = self
        withUnsafeMutableBytes(of: &r) { rp in
            withUnsafeBytes(of: &x) { xp in
                vault_fp2_sqr_adx(rp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                  xp.baseAddress!.assumingMemoryBound(to: UInt64.self))
            }
        }
        return r
    }
#endif

    /// 1/(a + bu) = (a − bu)/(a² + b²); 0 maps to 0.
    func inverse() -> Fp2 {
        let norm = (c0.squared() + c1.squared()).inverse()
        return Fp2(c0 * norm, -(c1 * norm))
    }

    @inline(__always) var zeroMask: UInt64 { c0.zeroMask & c1.zeroMask }
    @inline(__always) static func equalMask(_ a: Fp2, _ b: Fp2) -> UInt64 {
        Fp.equalMask(a.c0, b.c0) & Fp.equalMask(a.c1, b.c1)
    }
    @inline(__always) static func select(_ mask: UInt64, _ a: Fp2, _ b: Fp2) -> Fp2 {
        Fp2(Fp.select(mask, a.c0, b.c0), Fp.select(mask, a.c1, b.c1))
    }
}

extension Fp2 {
    /// Multiplication by the sextic non-residue ξ = 1 + u: (a − b) + (a + b)u.
    @inline(__always) func mulByXi() -> Fp2 { Fp2(c0 - c1, c0 + c1) }

    /// Multiplication by an element of the base field.
    @inline(__always) func mul(by f: Fp) -> Fp2 { Fp2(c0 * f, c1 * f) }

    /// The p-power Frobenius, which on Fp2 is conjugation.
    @inline(__always) func conjugated() -> Fp2 { Fp2(c0, -c1) }

    /// RFC 9380 §4.1 sgn0 for m = 2: sign0 OR (zero0 AND sign1), without branches.
    var sgn0: UInt64 {
        let sign0 = c0.sgn0
        let zero0 = c0.zeroMask & 1
        return sign0 | (zero0 & c1.sgn0)
    }

    /// ZCash sign: judged on c1 unless it is zero, then on c0.
    var lexicographicallyLargestMask: UInt64 {
        let c1Zero = c1.zeroMask
        return (c1.lexicographicallyLargestMask & ~c1Zero) | (c0.lexicographicallyLargestMask & c1Zero)
    }

    /// A square root when one exists, else nil (Adj–Rodríguez-Henríquez,
    /// ePrint 2012/685, Algorithm 9, for p ≡ 3 mod 4). Public inputs only:
    /// it branches on whether the element is a square.
    func squareRoot() -> Fp2? {
        let a1 = power(self, Fp.exponentPMinus3Over4)
        let alpha = a1.squared() * self
        let x0 = a1 * self
        // Both candidates, one selected by mask: decoding a user key takes
        // square roots of secret coordinates (Adj–Rodríguez-Henríquez,
        // ePrint 2012/685, Alg. 9, made branch-free).
        let isMinusOne = Fp2.equalMask(alpha, -Fp2.one)
        let general = power(alpha + Fp2.one, Fp.exponentPMinus1Over2) * x0
        let root = Fp2.select(isMinusOne, Fp2(-x0.c1, x0.c0), general)  // u·x0 when α = −1
        // Whether a root exists is public (a point decodes or not); the root is not.
        return ConstantTime.declassify(root.squared() == self) ? root : nil
    }
}
