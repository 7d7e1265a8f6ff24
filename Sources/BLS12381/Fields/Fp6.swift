#if VAULT_ADX_KERNELS
import CFieldKernels
#endif

/// Fp6 = Fp2[v]/(v³ − ξ), ξ = 1 + u.
struct Fp6: Sendable {
    var c0: Fp2
    var c1: Fp2
    var c2: Fp2

    @inline(__always) init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    static var zero: Fp6 { Fp6(.zero, .zero, .zero) }
    static var one: Fp6 { Fp6(.one, .zero, .zero) }

    @inline(__always) static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inline(__always) static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inline(__always) static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

    /// a·b: one call to the assembly kernel with lazy reduction
    /// (`vault_fp6_mul_adx`, Sources/CFieldKernels/fp6_adx.S) when the build
    /// targets BMI2 and ADX (Package.swift), else `mulPortable`.
    @inline(__always) static func * (a: Fp6, b: Fp6) -> Fp6 {
#if VAULT_ADX_KERNELS
        mulADX(a, b)
#else
        mulPortable(a, b)
#endif
    }

    /// Karatsuba over three coefficients: six Fp2 multiplications.
    static func mulPortable(_ a: Fp6, _ b: Fp6) -> Fp6 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let t2 = a.c2 * b.c2
        let c0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).mulByXi() + t0
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.mulByXi()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1
        return Fp6(c0, c1, c2)
    }

    /// Chung–Hasan SQR2 (“Asymmetric squaring formulae”, ARITH 2007).
    func squared() -> Fp6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fp6(s0 + s3.mulByXi(), s1 + s4.mulByXi(), s1 + s2 + s3 - s0 - s4)
    }

    /// Multiplication by v: (c0 + c1 v + c2 v²)·v = ξ c2 + c0 v + c1 v².
    @inline(__always) func mulByV() -> Fp6 { Fp6(c2.mulByXi(), c0, c1) }

    /// Multiplication by the sparse element b0 + b1 v: the assembly kernel
    /// (`vault_fp6_mul_by01_adx`) when the build has it, else `mulPortable(by01:)`.
    @inline(__always) func mul(by01 b0: Fp2, _ b1: Fp2) -> Fp6 {
#if VAULT_ADX_KERNELS
        mulADX(by01: b0, b1)
#else
        mulPortable(by01: b0, b1)
#endif
    }

    /// Five Fp2 multiplications (Karatsuba on c0, c1).
    @inline(__always) func mulPortable(by01 b0: Fp2, _ b1: Fp2) -> Fp6 {
        let t0 = c0 * b0
        let t1 = c1 * b1
        return Fp6((c2 * b1).mulByXi() + t0,
                   (c0 + c1) * (b0 + b1) - t0 - t1,
                   c2 * b0 + t1)
    }

#if VAULT_ADX_KERNELS
    /// `vault_fp6_mul_adx` (tools/gen_fp6_asm.py): the six Fp2 products of
    /// the Karatsuba formulas as eighteen 768-bit Fp products, each output
    /// coordinate summed unreduced (plus a fixed multiple of p that keeps it
    /// non-negative and below p·2^384) and reduced once: six Montgomery
    /// reductions instead of twelve (Aranha, Karabina, Longa, Gebotys,
    /// López, EUROCRYPT 2011, Alg. 3-4, lazy reduction). Fp6's 36 limbs are
    /// laid out as C's uint64_t[36] (c0.c0, c0.c1, c1.c0, …). Reduced
    /// inputs, reduced output, constant time.
    @inline(__always) static func mulADX(_ a: Fp6, _ b: Fp6) -> Fp6 {
        var r = Fp6.zero, x = a, y = b
        withUnsafeMutableBytes(of: &r) { rp in
            withUnsafeBytes(of: &x) { xp in
                withUnsafeBytes(of: &y) { yp in
                    vault_fp6_mul_adx(rp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                      xp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                      yp.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
            }
        }
        return r
    }

    /// `vault_fp6_mul_by01_adx`: the five Fp2 products of `mulPortable(by01:)`
    /// as fifteen 768-bit products, six reductions instead of ten. b0, b1 as
    /// 24 contiguous limbs (a homogeneous tuple). Reduced inputs and output.
    @inline(__always) func mulADX(by01 b0: Fp2, _ b1: Fp2) -> Fp6 {
        var r = Fp6.zero, x = self, y = (b0, b1)
        withUnsafeMutableBytes(of: &r) { rp in
            withUnsafeBytes(of: &x) { xp in
                withUnsafeBytes(of: &y) { yp in
                    vault_fp6_mul_by01_adx(rp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                           xp.baseAddress!.assumingMemoryBound(to: UInt64.self),
                                           yp.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
            }
        }
        return r
    }
#endif

    /// Multiplication by the sparse element b1 v.
    @inline(__always) func mul(by1 b1: Fp2) -> Fp6 {
        Fp6((c2 * b1).mulByXi(), c0 * b1, c1 * b1)
    }

    /// Inverse through the norm to Fp2; 0 maps to 0.
    func inverse() -> Fp6 {
        let t0 = c0.squared() - (c1 * c2).mulByXi()
        let t1 = c2.squared().mulByXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let norm = (c0 * t0 + (c2 * t1 + c1 * t2).mulByXi()).inverse()
        return Fp6(t0 * norm, t1 * norm, t2 * norm)
    }

    /// The p-power Frobenius.
    func frobenius() -> Fp6 {
        Fp6(c0.conjugated(), c1.conjugated() * Fp6.frobeniusV, c2.conjugated() * Fp6.frobeniusV2)
    }

    @inline(__always) var zeroMask: UInt64 { c0.zeroMask & c1.zeroMask & c2.zeroMask }
    @inline(__always) static func equalMask(_ a: Fp6, _ b: Fp6) -> UInt64 {
        Fp2.equalMask(a.c0, b.c0) & Fp2.equalMask(a.c1, b.c1) & Fp2.equalMask(a.c2, b.c2)
    }
    @inline(__always) static func select(_ mask: UInt64, _ a: Fp6, _ b: Fp6) -> Fp6 {
        Fp6(Fp2.select(mask, a.c0, b.c0), Fp2.select(mask, a.c1, b.c1), Fp2.select(mask, a.c2, b.c2))
    }
}
