/// E: y² = x³ + 4 over Fp.
enum G1Curve: CurveDescription {
    typealias Field = Fp
    static var b: Fp { Fp(4) }
    /// 3b = 12, as additions: 12f = 4·(2f + f).
    @inline(__always) static func mulByB3(_ f: Fp) -> Fp {
        let three = f.doubled() + f
        return three.doubled().doubled()
    }
}

/// A point of G1, the order-r subgroup of E(Fp). Values of this type are
/// always in G1: decoding checks curve and subgroup membership.
public struct G1Point: Sendable {
    var point: ProjectivePoint<G1Curve>

    init(_ point: ProjectivePoint<G1Curve>) { self.point = point }

    public static let generator = G1Point(ProjectivePoint(affineX: G1Constants.generatorX, affineY: G1Constants.generatorY))
    public static let identity = G1Point(.identity)

    public var isIdentity: Bool { point.isIdentity }

    public static func + (a: G1Point, b: G1Point) -> G1Point { G1Point(a.point.adding(b.point)) }
    public static func - (a: G1Point, b: G1Point) -> G1Point { G1Point(a.point.subtracting(b.point)) }
    public static prefix func - (a: G1Point) -> G1Point { G1Point(a.point.negated()) }
    public static func += (a: inout G1Point, b: G1Point) { a = a + b }

    /// [k]P in constant time (the scalar is treated as secret), with the GLV
    /// endomorphism. P must be in G1, which every G1Point is.
    public static func * (p: G1Point, k: Scalar) -> G1Point { G1Point(p.point.multipliedConstantTimeGLV(k.canonicalLimbs)) }
    public static func * (k: Scalar, p: G1Point) -> G1Point { p * k }

    /// [k]P for a public scalar, faster and variable time.
    public func multipliedPublic(by k: Scalar) -> G1Point { G1Point(glvMultiply(point, k)) }

    public func doubled() -> G1Point { G1Point(point.doubled()) }
}

extension G1Point: Equatable {
    public static func == (a: G1Point, b: G1Point) -> Bool { ProjectivePoint.equalMask(a.point, b.point) != 0 }
}

extension ProjectivePoint where Curve == G1Curve {
    /// σ(x, y) = (β·x, y): on G1 it acts as multiplication by −x².
    func sigma() -> ProjectivePoint { ProjectivePoint(x: x * G1Constants.beta, y: y, z: z) }

    /// Scott's test (ePrint 2021/1130): P ∈ G1 ⇔ σ(P) = [−x²]P, two 64-bit multiplications.
    var isInSubgroup: Bool {
        let xSquaredP = multipliedByAbsX().multipliedByAbsX()
        return ProjectivePoint.equalMask(sigma(), xSquaredP.negated()) != 0
    }

    /// RFC 9380 §8.8.1: clearing the cofactor with h_eff = 1 − x = 0xd201000000010001.
    func clearingCofactor() -> ProjectivePoint { multipliedVartime([0xd201_0000_0001_0001]) }
}
