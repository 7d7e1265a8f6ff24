/// Simplified SWU for AB ≠ 0 (RFC 9380 §6.6.2, straight-line App. F.2), onto
/// the isogenous curves E1' and E2', then the isogeny maps (App. E.2, E.3).
/// All steps use masked selects: the input u may derive from secret data.

/// The curve-specific pieces the generic SWU needs.
protocol SWUParameters {
    associatedtype Field: FieldElement
    static var a: Field { get }
    static var b: Field { get }
    static var z: Field { get }
    /// (is gx1 square, sqrt(u/v) or sqrt(Z·u/v)), RFC 9380 App. F.2.1.
    static func sqrtRatio(_ u: Field, _ v: Field) -> (UInt64, Field)
    static func sgn0(_ f: Field) -> UInt64
    static var xNumerator: [Field] { get }
    static var xDenominator: [Field] { get }
    static var yNumerator: [Field] { get }
    static var yDenominator: [Field] { get }
}

/// map_to_curve_simple_swu followed by iso_map: a point of E or E' in
/// homogeneous projective coordinates. Keeping x as the fraction n/d that
/// SWU produces and evaluating the isogeny homogeneously needs no field
/// inversion at all (it took two, each a full exponentiation).
func mapToCurve<S: SWUParameters>(_ u: S.Field, _: S.Type) -> (x: S.Field, y: S.Field, z: S.Field) {
    let tv1 = S.z * u.squared()
    var tv2 = tv1.squared() + tv1
    let tv3 = S.b * (tv2 + .one)
    var tv4 = S.select(tv2.zeroMask, S.z, -tv2)
    tv4 = S.a * tv4
    tv2 = tv3.squared()
    var tv6 = tv4.squared()
    var tv5 = S.a * tv6
    tv2 = (tv2 + tv5) * tv3
    tv6 = tv6 * tv4
    tv5 = S.b * tv6
    tv2 = tv2 + tv5
    var x = tv1 * tv3
    let (isGx1Square, y1) = S.sqrtRatio(tv2, tv6)
    var y = tv1 * u * y1
    x = S.select(isGx1Square, tv3, x)
    y = S.select(isGx1Square, y1, y)
    let sameSign = bitMask(1 ^ (S.sgn0(u) ^ S.sgn0(y)))
    y = S.select(sameSign, y, -y)
    // The point on the isogenous curve is (x/tv4, y); tv4 ≠ 0 (a, Z ≠ 0).
    return isogenyMap(numerator: x, denominator: tv4, y: y, S.self)
}

/// The rational isogeny map (x, y) ↦ (xNum(x)/xDen(x), y·yNum(x)/yDen(x)) at
/// x = n/d, projectively. A polynomial P of degree k at n/d is
/// P_h(n, d)/d^k with P_h(n, d) = Σ c_i n^i d^(k−i) (Horner in n, with the
/// powers of d precomputed), so with e_x = deg xNum − deg xDen and
/// e_y = deg yNum − deg yDen (1 and 0 on both curves):
///   X = XN·(YD·d^e_y), Y = y·YN·(XD·d^e_x), Z = (XD·d^e_x)·(YD·d^e_y).
/// Inputs in the isogeny's kernel (denominator 0) give the identity, as
/// RFC 9380 §6.6.3 asks, by a masked select.
func isogenyMap<S: SWUParameters>(numerator n: S.Field, denominator d: S.Field, y: S.Field,
                                  _: S.Type) -> (x: S.Field, y: S.Field, z: S.Field) {
    let degree = max(S.xNumerator.count, S.xDenominator.count, S.yNumerator.count, S.yDenominator.count) - 1
    var dPowers = [S.Field.one]
    for _ in 0..<degree { dPowers.append(dPowers[dPowers.count - 1] * d) }
    func homogeneous(_ c: [S.Field]) -> S.Field {
        let k = c.count - 1
        var acc = c[k]
        for i in stride(from: k - 1, through: 0, by: -1) { acc = acc * n + c[i] * dPowers[k - i] }
        return acc
    }
    let ex = S.xNumerator.count - S.xDenominator.count, ey = S.yNumerator.count - S.yDenominator.count
    precondition(ex >= 0 && ey >= 0, "isogeny numerators have at least their denominators' degree")
    let xDen = homogeneous(S.xDenominator) * dPowers[ex]
    let yDen = homogeneous(S.yDenominator) * dPowers[ey]
    let point = (x: homogeneous(S.xNumerator) * yDen, y: y * homogeneous(S.yNumerator) * xDen, z: xDen * yDen)
    let inKernel = point.z.zeroMask
    return (S.select(inKernel, .zero, point.x), S.select(inKernel, .one, point.y), point.z)
}

extension SWUParameters {
    static func select(_ mask: UInt64, _ a: Field, _ b: Field) -> Field { Field.select(mask, a, b) }
}

enum SWUG1: SWUParameters {
    typealias Field = Fp
    static var a: Fp { SSWUG1Constants.a }
    static var b: Fp { SSWUG1Constants.b }
    static var z: Fp { SSWUG1Constants.z }
    static func sgn0(_ f: Fp) -> UInt64 { f.sgn0 }
    static var xNumerator: [Fp] { SSWUG1Constants.xNumerator }
    static var xDenominator: [Fp] { SSWUG1Constants.xDenominator }
    static var yNumerator: [Fp] { SSWUG1Constants.yNumerator }
    static var yDenominator: [Fp] { SSWUG1Constants.yDenominator }

    /// RFC 9380 App. F.2.1.2 (q ≡ 3 mod 4).
    static func sqrtRatio(_ u: Fp, _ v: Fp) -> (UInt64, Fp) {
        var tv1 = v.squared()
        let tv2 = u * v
        tv1 = tv1 * tv2
        var y1 = power(tv1, Fp.exponentPMinus3Over4)
        y1 = y1 * tv2
        let y2 = y1 * SSWUG1Constants.sqrtMinusZ
        let tv3 = y1.squared() * v
        let isQR = Fp.equalMask(tv3, u)
        return (isQR, Fp.select(isQR, y1, y2))
    }
}

enum SWUG2: SWUParameters {
    typealias Field = Fp2
    static var a: Fp2 { SSWUG2Constants.a }
    static var b: Fp2 { SSWUG2Constants.b }
    static var z: Fp2 { SSWUG2Constants.z }
    static func sgn0(_ f: Fp2) -> UInt64 { f.sgn0 }
    static var xNumerator: [Fp2] { SSWUG2Constants.xNumerator }
    static var xDenominator: [Fp2] { SSWUG2Constants.xDenominator }
    static var yNumerator: [Fp2] { SSWUG2Constants.yNumerator }
    static var yDenominator: [Fp2] { SSWUG2Constants.yDenominator }

    /// sqrt_ratio (RFC 9380 §F.2.1) through the norm to Fp, in three
    /// exponentiations in Fp where RFC 9380 App. F.2.1.1's generic method
    /// takes one of 758 bits in Fp2 (Adj–Rodríguez-Henríquez, ePrint
    /// 2012/685, Alg. 8, the "complex method", with inverse square roots for
    /// the divisions). With m = N(v), u/v = w/m for w = u·v̄; w* = w or Z·w,
    /// whichever is a square (w is iff N(w) is one in Fp, and N(Z) = 5 is
    /// not); y = √w* · 1/√m. Branch-free: the inputs may be secret, and
    /// every choice is a masked select.
    static func sqrtRatio(_ u: Fp2, _ v: Fp2) -> (UInt64, Fp2) {
        // 1/√m in Fp2: q = m^((p−3)/4) has m·q² = ±1; for −1, (u·q)² = 1/m.
        let m = v.c0.squared() + v.c1.squared()
        let q = power(m, Fp.exponentPMinus3Over4)
        let mIsSquare = Fp.equalMask(m * q.squared(), .one)
        let inverseRootM = Fp2.select(mIsSquare, Fp2(q, .zero), Fp2(.zero, q))
        // Whether w is a square, and the root of N(w*): n·c is √n when n is a
        // square and √(−n) when not, so √(5n) = √−5 · n·c.
        let w = u * v.conjugated()
        let n = w.c0.squared() + w.c1.squared()
        let c = power(n, Fp.exponentPMinus3Over4)
        let isQR = Fp.equalMask(n * c.squared(), .one)
        let nc = n * c
        let s = Fp.select(isQR, nc, nc * Self.rootOfMinusFive)
        let a = Fp2.select(isQR, w, w * SSWUG2Constants.z)
        // √a = x0 + x1·u with x0² = δ = (a0 ± s)/2, x1 = a1/(2x0). r = δ^((p−3)/4)
        // gives δ·r = √δ and r = 1/√δ when δ is a square; when it is not,
        // δ·r = √−δ and the root is u·(δr + (a1·r/2)·u). δ is 0 only for a1 = 0
        // with a0 not a square, where (a0 − s)/2 = a0 serves.
        var delta = Fp.half(a.c0 + s)
        delta = Fp.select(delta.zeroMask, Fp.half(a.c0 - s), delta)
        let r = power(delta, Fp.exponentPMinus3Over4)
        let deltaIsSquare = Fp.equalMask(delta * r.squared(), .one)
        let t = delta * r
        let h = Fp.half(a.c1 * r)
        let rootA = Fp2.select(deltaIsSquare, Fp2(t, h), Fp2(-h, t))
        return (isQR, rootA * inverseRootM)
    }

    /// √−5 in Fp (−5 is a square: −1 and 5 are not); a public constant.
    static let rootOfMinusFive: Fp = {
        guard let root = (-Fp(5)).squareRoot() else { preconditionFailure("−5 has no square root in Fp") }
        return root
    }()
}
