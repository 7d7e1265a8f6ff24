/// Fp6 = Fp2[v]/(v³ − ξ), ξ = 1 + u.
@frozen @usableFromInline struct Fp6: Sendable {
    @usableFromInline var c0: Fp2
    @usableFromInline var c1: Fp2
    @usableFromInline var c2: Fp2

    @inlinable @inline(__always) init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    @inlinable static var zero: Fp6 { Fp6(.zero, .zero, .zero) }
    @inlinable static var one: Fp6 { Fp6(.one, .zero, .zero) }

    @inlinable @inline(__always) static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inlinable @inline(__always) static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inlinable @inline(__always) static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

    /// Karatsuba over three coefficients: six Fp2 multiplications.
    @inlinable static func * (a: Fp6, b: Fp6) -> Fp6 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let t2 = a.c2 * b.c2
        let c0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).mulByXi() + t0
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.mulByXi()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1
        return Fp6(c0, c1, c2)
    }

    /// Chung–Hasan SQR2 (“Asymmetric squaring formulae”, ARITH 2007).
    @inlinable func squared() -> Fp6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fp6(s0 + s3.mulByXi(), s1 + s4.mulByXi(), s1 + s2 + s3 - s0 - s4)
    }

    /// Multiplication by v: (c0 + c1 v + c2 v²)·v = ξ c2 + c0 v + c1 v².
    @inlinable @inline(__always) func mulByV() -> Fp6 { Fp6(c2.mulByXi(), c0, c1) }

    /// Multiplication by the sparse element b0 + b1 v.
    @inlinable @inline(__always) func mul(by01 b0: Fp2, _ b1: Fp2) -> Fp6 {
        let t0 = c0 * b0
        let t1 = c1 * b1
        return Fp6((c2 * b1).mulByXi() + t0,
                   (c0 + c1) * (b0 + b1) - t0 - t1,
                   c2 * b0 + t1)
    }

    /// Multiplication by the sparse element b1 v.
    @inlinable @inline(__always) func mul(by1 b1: Fp2) -> Fp6 {
        Fp6((c2 * b1).mulByXi(), c0 * b1, c1 * b1)
    }

    /// Inverse through the norm to Fp2; 0 maps to 0.
    @inlinable func inverse() -> Fp6 {
        let t0 = c0.squared() - (c1 * c2).mulByXi()
        let t1 = c2.squared().mulByXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let norm = (c0 * t0 + (c2 * t1 + c1 * t2).mulByXi()).inverse()
        return Fp6(t0 * norm, t1 * norm, t2 * norm)
    }

    /// The p-power Frobenius.
    @inlinable func frobenius() -> Fp6 {
        Fp6(c0.conjugated(), c1.conjugated() * Fp6.frobeniusV, c2.conjugated() * Fp6.frobeniusV2)
    }

    @inlinable @inline(__always) var zeroMask: UInt64 { c0.zeroMask & c1.zeroMask & c2.zeroMask }
    @inlinable @inline(__always) static func equalMask(_ a: Fp6, _ b: Fp6) -> UInt64 {
        Fp2.equalMask(a.c0, b.c0) & Fp2.equalMask(a.c1, b.c1) & Fp2.equalMask(a.c2, b.c2)
    }
    @inlinable @inline(__always) static func select(_ mask: UInt64, _ a: Fp6, _ b: Fp6) -> Fp6 {
        Fp6(Fp2.select(mask, a.c0, b.c0), Fp2.select(mask, a.c1, b.c1), Fp2.select(mask, a.c2, b.c2))
    }
}
