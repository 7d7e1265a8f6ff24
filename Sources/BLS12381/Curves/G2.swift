/// E': y² = x³ + 4(1 + u) over Fp2, the M-type sextic twist carrying G2.
enum G2Curve: CurveDescription {
    typealias Field = Fp2
    static var b: Fp2 { Fp2(Fp(4), Fp(4)) }
    /// 3b = 12(1 + u).
    @inline(__always) static func mulByB3(_ f: Fp2) -> Fp2 {
        let g = f.mulByXi()
        let three = g.doubled() + g
        return three.doubled().doubled()
    }
}

/// A point of G2, the order-r subgroup of E'(Fp2). Values of this type are
/// always in G2: decoding checks curve and subgroup membership.
public struct G2Point: Sendable {
    var point: ProjectivePoint<G2Curve>

    init(_ point: ProjectivePoint<G2Curve>) { self.point = point }

    public static let generator = G2Point(ProjectivePoint(affineX: G2Constants.generatorX, affineY: G2Constants.generatorY))
    public static let identity = G2Point(.identity)

    public var isIdentity: Bool { point.isIdentity }

    public static func + (a: G2Point, b: G2Point) -> G2Point { G2Point(a.point.adding(b.point)) }
    public static func - (a: G2Point, b: G2Point) -> G2Point { G2Point(a.point.subtracting(b.point)) }
    public static prefix func - (a: G2Point) -> G2Point { G2Point(a.point.negated()) }
    public static func += (a: inout G2Point, b: G2Point) { a = a + b }

    /// [k]Q in constant time (the scalar is treated as secret), by the
    /// 4-dimensional GLS decomposition (`multipliedConstantTimeGLS`).
    public static func * (q: G2Point, k: Scalar) -> G2Point { G2Point(q.point.multipliedConstantTimeGLS(k.canonicalLimbs)) }
    public static func * (k: Scalar, q: G2Point) -> G2Point { q * k }

    /// [k]Q for a public scalar, faster and variable time.
    public func multipliedPublic(by k: Scalar) -> G2Point { G2Point(glsMultiply(point, k)) }

    public func doubled() -> G2Point { G2Point(point.doubled()) }
}

extension G2Point: Equatable {
    public static func == (a: G2Point, b: G2Point) -> Bool { ProjectivePoint.equalMask(a.point, b.point) != 0 }
}

extension ProjectivePoint where Curve == G2Curve {
    /// The untwist–Frobenius–twist endomorphism ψ(x, y) = (c1·x̄, c2·ȳ); on G2 it acts as [x].
    func psi() -> ProjectivePoint {
        ProjectivePoint(x: x.conjugated() * G2Constants.psiC1,
                        y: y.conjugated() * G2Constants.psiC2,
                        z: z.conjugated())
    }

    /// Scott's test (ePrint 2021/1130): Q ∈ G2 ⇔ ψ(Q) = [x]Q = −[|x|]Q.
    var isInSubgroup: Bool {
        ProjectivePoint.equalMask(psi(), multipliedByAbsX().negated()) != 0
    }

    /// RFC 9380 App. G.3 (Budroni–Pintore): h_eff·P = [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P).
    func clearingCofactor() -> ProjectivePoint {
        let t1 = multipliedByAbsX().negated()          // [x]P
        var t2 = psi()                                 // ψ(P)
        var t3 = doubled().psi().psi()                 // ψ²(2P)
        t3 = t3.subtracting(t2)
        t2 = t1.adding(t2)
        t2 = t2.multipliedByAbsX().negated()           // [x](t1 + t2)
        t3 = t3.adding(t2)
        t3 = t3.subtracting(t1)
        return t3.subtracting(self)
    }
}
