/// A short-Weierstrass curve y² = x³ + b (a = 0) over some field: E over Fp
/// for G1 and the twist E' over Fp2 for G2.
protocol CurveDescription {
    associatedtype Field: FieldElement
    /// 3·b, the constant of the complete formulas.
    static func mulByB3(_ f: Field) -> Field
    static var b: Field { get }
}

/// A point in homogeneous projective coordinates (X : Y : Z), x = X/Z and
/// y = Y/Z; the identity is (0 : 1 : 0).
///
/// Addition and doubling are the complete formulas of Renes–Costello–Batina
/// (“Complete addition formulas for prime order elliptic curves”, Eurocrypt
/// 2016, Algorithms 7 and 9 for a = 0). They hold for every pair of inputs,
/// including P = Q, P = −Q and the identity, because neither curve has points
/// of order 2. So no code path here branches on point values.
struct ProjectivePoint<Curve: CurveDescription>: Sendable {
    var x: Curve.Field
    var y: Curve.Field
    var z: Curve.Field

    @inline(__always) init(x: Curve.Field, y: Curve.Field, z: Curve.Field) {
        self.x = x; self.y = y; self.z = z
    }

    init(affineX: Curve.Field, affineY: Curve.Field) {
        self.init(x: affineX, y: affineY, z: .one)
    }

    static var identity: ProjectivePoint { ProjectivePoint(x: .zero, y: .one, z: .zero) }

    /// All ones for the identity.
    var identityMask: UInt64 { z.zeroMask }
    var isIdentity: Bool { identityMask != 0 }

    /// RCB16 Algorithm 7 (12 multiplications, 2 by 3b).
    func adding(_ q: ProjectivePoint) -> ProjectivePoint {
        var t0 = x * q.x
        var t1 = y * q.y
        var t2 = z * q.z
        var t3 = (x + y) * (q.x + q.y)
        var t4 = t0 + t1
        t3 = t3 - t4
        t4 = (y + z) * (q.y + q.z)
        var x3 = t1 + t2
        t4 = t4 - x3
        x3 = (x + z) * (q.x + q.z)
        var y3 = t0 + t2
        y3 = x3 - y3
        x3 = t0.doubled()
        t0 = x3 + t0
        t2 = Curve.mulByB3(t2)
        var z3 = t1 + t2
        t1 = t1 - t2
        y3 = Curve.mulByB3(y3)
        x3 = t4 * y3
        t2 = t3 * t1
        x3 = t2 - x3
        y3 = y3 * t0
        t1 = t1 * z3
        y3 = t1 + y3
        t0 = t0 * t3
        z3 = z3 * t4
        z3 = z3 + t0
        return ProjectivePoint(x: x3, y: y3, z: z3)
    }

    /// RCB16 Algorithm 9 (6 multiplications, 2 squarings, 1 by 3b).
    func doubled() -> ProjectivePoint {
        var t0 = y.squared()
        var z3 = t0.doubled().doubled().doubled()
        var t1 = y * z
        var t2 = Curve.mulByB3(z.squared())
        var x3 = t2 * z3
        var y3 = t0 + t2
        z3 = t1 * z3
        t1 = t2.doubled()
        t2 = t1 + t2
        t0 = t0 - t2
        y3 = t0 * y3
        y3 = x3 + y3
        t1 = x * y
        x3 = t0 * t1
        x3 = x3.doubled()
        return ProjectivePoint(x: x3, y: y3, z: z3)
    }

    func negated() -> ProjectivePoint { ProjectivePoint(x: x, y: -y, z: z) }

    func subtracting(_ q: ProjectivePoint) -> ProjectivePoint { adding(q.negated()) }

    /// Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1 (covers the identity).
    static func equalMask(_ p: ProjectivePoint, _ q: ProjectivePoint) -> UInt64 {
        Curve.Field.equalMask(p.x * q.z, q.x * p.z) & Curve.Field.equalMask(p.y * q.z, q.y * p.z)
    }

    static func select(_ mask: UInt64, _ a: ProjectivePoint, _ b: ProjectivePoint) -> ProjectivePoint {
        ProjectivePoint(x: .select(mask, a.x, b.x), y: .select(mask, a.y, b.y), z: .select(mask, a.z, b.z))
    }

    /// Y²Z = X³ + b·Z³ (true for the identity too).
    var isOnCurve: Bool {
        let lhs = y.squared() * z
        let rhs = x.squared() * x + Curve.b * z.squared() * z
        return lhs == rhs
    }

    /// Affine coordinates (x, y); the identity maps to (0, 0).
    func affine() -> (x: Curve.Field, y: Curve.Field) {
        let zInverse = z.inverse()
        return (x * zInverse, y * zInverse)
    }

    /// The same point with Z = 1 (or the identity unchanged).
    func normalized() -> ProjectivePoint {
        let (ax, ay) = affine()
        return ProjectivePoint.select(identityMask, .identity, ProjectivePoint(x: ax, y: ay, z: .one))
    }
}
