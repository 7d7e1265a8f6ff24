/// Variable-time multiplication by public scalars, accelerated by the curves'
/// endomorphisms. Never use these on secrets: digits drive branches.

/// GLV on G1 (Gallant–Lambert–Vanstone, Crypto 2001): k = k1·x² + k0 with
/// k0, k1 < 2^128, and [x²]P = −σ(P) = (β·x, −y) costs nothing, so kP is a
/// 2-dimensional multi-scalar product with half-length scalars.
func glvMultiply(_ p: ProjectivePoint<G1Curve>, _ k: Scalar) -> ProjectivePoint<G1Curve> {
    let (k0, k1, k2, k3) = k.canonicalLimbs
    let digits = baseAbsXDigits([k0, k1, k2, k3])
    // k = d0 + d1·|x| + (d2 + d3·|x|)·|x|², and |x|² = x².
    let low = multiplyAdd(digits[1], absX, digits[0])
    let high = multiplyAdd(digits[3], absX, digits[2])
    let xSquaredP = p.sigma().negated()
    return strausVartime([p, xSquaredP], [[low.0, low.1], [high.0, high.1]])
}

/// GLS on G2 (Galbraith–Lin–Scott, Eurocrypt 2009): k in base |x| has four
/// 64-bit digits, and [|x|]Q = −ψ(Q), so kQ is a 4-dimensional product.
func glsMultiply(_ q: ProjectivePoint<G2Curve>, _ k: Scalar) -> ProjectivePoint<G2Curve> {
    let (k0, k1, k2, k3) = k.canonicalLimbs
    let digits = baseAbsXDigits([k0, k1, k2, k3])
    let q1 = q.psi().negated()
    let q2 = q1.psi().negated()
    let q3 = q2.psi().negated()
    return strausVartime([q, q1, q2, q3], digits.map { [$0] })
}

/// The four base-|x| digits of a value below r < |x|⁴.
func baseAbsXDigits(_ value: [UInt64]) -> [UInt64] {
    var remaining = value
    var digits = [UInt64]()
    for _ in 0..<4 {
        var remainder: UInt64 = 0
        for i in stride(from: remaining.count - 1, through: 0, by: -1) {
            let (q, r) = absX.dividingFullWidth((remainder, remaining[i]))
            remaining[i] = q
            remainder = r
        }
        digits.append(remainder)
    }
    return digits
}

/// a·b + c as (low, high) 64-bit limbs.
func multiplyAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> (UInt64, UInt64) {
    let w = UInt128(a) &* UInt128(b) &+ UInt128(c)
    return (UInt64(truncatingIfNeeded: w), UInt64(truncatingIfNeeded: w &>> 64))
}

/// Signed sliding-window (wNAF) digits of a public integer, least significant first.
func wnafDigits(_ limbs: [UInt64], width: Int) -> [Int8] {
    var value = limbs + [0]
    var digits = [Int8]()
    let window = UInt64(1) << UInt64(width)
    func isZero() -> Bool { value.allSatisfy { $0 == 0 } }
    func shiftRight() {
        for i in 0..<value.count {
            value[i] = (value[i] >> 1) | (i + 1 < value.count ? value[i + 1] << 63 : 0)
        }
    }
    while !isZero() {
        if value[0] & 1 == 1 {
            var digit = Int64(value[0] & (window - 1))
            if digit >= Int64(window / 2) { digit -= Int64(window) }
            // value -= digit
            if digit > 0 {
                var borrow = UInt64(digit)
                for i in 0..<value.count where borrow != 0 {
                    let (r, o) = value[i].subtractingReportingOverflow(borrow); value[i] = r; borrow = o ? 1 : 0
                }
            } else {
                var carry = UInt64(-digit)
                for i in 0..<value.count where carry != 0 {
                    let (r, o) = value[i].addingReportingOverflow(carry); value[i] = r; carry = o ? 1 : 0
                }
            }
            digits.append(Int8(digit))
        } else {
            digits.append(0)
        }
        shiftRight()
    }
    return digits
}

/// Σ [ki]Pi for public ki by Straus' interleaving with wNAF digits (width 5):
/// one shared doubling chain, odd multiples ±P, ±3P, …, ±15P per point.
func strausVartime<C>(_ points: [ProjectivePoint<C>], _ scalars: [[UInt64]]) -> ProjectivePoint<C> {
    let width = 5
    let digitRows = scalars.map { wnafDigits($0, width: width) }
    let tables: [[ProjectivePoint<C>]] = points.map { p in
        let twice = p.doubled()
        var odd = [p]
        for _ in 1..<(1 << (width - 2)) { odd.append(odd[odd.count - 1].adding(twice)) }
        return odd
    }
    let length = digitRows.map(\.count).max() ?? 0
    var acc = ProjectivePoint<C>.identity
    for i in stride(from: length - 1, through: 0, by: -1) {
        acc = acc.doubled()
        for (row, digits) in digitRows.enumerated() where i < digits.count && digits[i] != 0 {
            let d = Int(digits[i])
            let entry = tables[row][(abs(d) - 1) / 2]
            acc = acc.adding(d > 0 ? entry : entry.negated())
        }
    }
    return acc
}
