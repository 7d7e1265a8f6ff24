/// Constant-time GLS multiplication on G2 (Galbraith–Lin–Scott, Eurocrypt
/// 2009): on G2, ψ acts as [x] = −[|x|], and r = x⁴ − x² + 1 < |x|⁴, so
/// k = k0 + k1·|x| + k2·|x|² + k3·|x|³ with four digits below |x| < 2^64
/// and [k]P = [k0]P − [k1]ψ(P) + [k2]ψ²(P) − [k3]ψ³(P): a joint
/// 4-dimensional product over 64-bit digits, a quarter of the doublings of
/// the plain ladder. The digits come from Barrett divisions by the public
/// |x|² and |x| (no division instruction, no branch), and the joint loop
/// uses fixed 4-bit windows with full masked table scans, like
/// `multipliedConstantTime`. ψ is cheap (conjugations and two Fp2
/// products), so the three further tables are ψ images of the first.
extension ProjectivePoint where Curve == G2Curve {
    func multipliedConstantTimeGLS(_ k: (UInt64, UInt64, UInt64, UInt64)) -> ProjectivePoint {
        let digits = glsDecompose([k.0, k.1, k.2, k.3])
        var tables = [[ProjectivePoint]](repeating: [ProjectivePoint](repeating: .identity, count: 16), count: 4)
        tables[0][1] = self
        for i in 2..<16 { tables[0][i] = tables[0][i - 1].adding(self) }
        for i in 1..<16 {
            let psi1 = tables[0][i].psi(), psi2 = psi1.psi(), psi3 = psi2.psi()
            tables[1][i] = psi1.negated()  // [i·|x|]P
            tables[2][i] = psi2            // [i·|x|²]P
            tables[3][i] = psi3.negated()  // [i·|x|³]P
        }
        var acc = ProjectivePoint.identity
        for window in stride(from: 15, through: 0, by: -1) {
            acc = acc.doubled().doubled().doubled().doubled()
            let shift = UInt64(window * 4)
            for j in 0..<4 {
                acc = acc.adding(ProjectivePoint.constantTimeLookup(tables[j], (digits[j] >> shift) & 0xf))
            }
        }
        return acc
    }
}

/// The base-|x| digits [k0, k1, k2, k3] of k < r, each below |x|, in
/// constant time: k = a + b·|x|² by `glvDecompose` (|x|² = x²), then
/// a = k0 + k1·|x| and b = k2 + k3·|x|.
func glsDecompose(_ k: [UInt64]) -> [UInt64] {
    let (a, b) = glvDecompose(k)
    let (k0, k1) = dividedByAbsX(UInt128(a[1]) << 64 | UInt128(a[0]))
    let (k2, k3) = dividedByAbsX(UInt128(b[1]) << 64 | UInt128(b[0]))
    return [k0, k1, k2, k3]
}

/// floor(2^128 / |x|) = 0x1_381204ca56cd56b5 minus its implied top bit 2^64
/// (`GLSTests` recomputes it).
let absXReciprocalLow: UInt64 = 0x3812_04ca_56cd_56b5

/// (c mod |x|, c div |x|) for c < |x|², in constant time (Barrett reduction,
/// Handbook of Applied Cryptography 14.42): with m = floor(2^128/|x|) the
/// estimate q = floor(c·m / 2^128) is the quotient or up to two less, and
/// two masked corrections finish it.
func dividedByAbsX(_ c: UInt128) -> (remainder: UInt64, quotient: UInt64) {
    // c·m = c·2^64 + c·mLow; q = bits 128…191 of that sum.
    let cLow = UInt64(truncatingIfNeeded: c), cHigh = UInt64(truncatingIfNeeded: c >> 64)
    let lowProduct = UInt128(cLow) * UInt128(absXReciprocalLow)     // c0·mLow
    let highProduct = UInt128(cHigh) * UInt128(absXReciprocalLow)   // c1·mLow, weight 2^64
    // Sum by 64-bit columns: column 1 = hi(lowProduct) + lo(highProduct) + c0, column 2 = hi(highProduct) + c1 + carries.
    let column1 = UInt128(UInt64(truncatingIfNeeded: lowProduct >> 64)) + UInt128(UInt64(truncatingIfNeeded: highProduct)) + UInt128(cLow)
    let column2 = UInt128(UInt64(truncatingIfNeeded: highProduct >> 64)) + UInt128(cHigh) + (column1 >> 64)
    var q = UInt64(truncatingIfNeeded: column2)
    var r = c &- UInt128(q) &* UInt128(absX)  // below 3·|x|
    for _ in 0..<2 {
        let trial = r &- UInt128(absX)
        let take = UInt128(0) &- ((~trial) >> 127)  // all ones when r ≥ |x| (no borrow)
        r = (trial & take) | (r & ~take)
        q = q &+ UInt64(truncatingIfNeeded: take & 1)
    }
    return (UInt64(truncatingIfNeeded: r), q)
}
