/// Runs of doublings in Jacobian coordinates (x = X/Z², y = Y/Z³) for the
/// public multipliers: subgroup checks ([|x|], [x²]) and cofactor clearing.
///
/// "dbl-2009-l" (Lange, Explicit-Formulas Database, for a = 0) doubles with
/// 2M + 5S where the complete projective doubling takes 6M + 2S and two
/// multiplications by 3b. It has no exceptional inputs on these curves: the
/// identity (t², t³, 0) doubles to the identity (Z3 = 2·Y·Z = 0), and
/// neither curve has a point of order 2. Additions stay the complete
/// projective ones (`ProjectivePoint.adding`), so nothing branches on the
/// point, which may be secret (a user key's G2 points are subgroup-checked
/// when decoded).
struct JacobianPoint<Curve: CurveDescription> {
    var x: Curve.Field
    var y: Curve.Field
    var z: Curve.Field

    /// (X, Y, Z) ↦ (X·Z : Y : Z³); the identity (t², t³, 0) ↦ (0 : t³ : 0).
    @inline(__always) var projective: ProjectivePoint<Curve> {
        ProjectivePoint(x: x * z, y: y, z: z.squared() * z)
    }

    @inline(__always) func doubled() -> JacobianPoint {
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let d = ((x + b).squared() - a - c).doubled()
        let e = a.doubled() + a
        let x3 = e.squared() - d.doubled()
        let y3 = e * (d - x3) - c.doubled().doubled().doubled()
        return JacobianPoint(x: x3, y: y3, z: (y * z).doubled())
    }
}

extension JacobianPoint {
    /// (X : Y : Z) ↦ (X·Z, Y·Z², Z); the identity (Z = 0) ↦ (1, 1, 0), since
    /// the map would give (0, 0, 0), which no formula accepts.
    @inline(__always) init(_ p: ProjectivePoint<Curve>) {
        let zz = p.z.squared()
        let atInfinity = p.z.zeroMask
        x = Curve.Field.select(atInfinity, .one, p.x * p.z)
        y = Curve.Field.select(atInfinity, .one, p.y * zz)
        z = p.z
    }
}
