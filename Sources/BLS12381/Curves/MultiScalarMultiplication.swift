/// Multi-scalar multiplication Σ [ki]Pi for public scalars (for example LSSS
/// reconstruction coefficients) and possibly secret points: Straus'
/// interleaving with width-5 wNAF digits over one shared doubling chain.
/// Additions use the complete formulas, so secret points never drive a branch;
/// the scalars' digits do, which is why they must be public.
extension G1Point {
    public static func multiScalarMultiply(_ points: [G1Point], _ scalars: [Scalar]) -> G1Point {
        precondition(points.count == scalars.count, "one scalar per point")
        return G1Point(strausVartime(points.map(\.point), scalars.map { k in
            let (a, b, c, d) = k.canonicalLimbs
            return [a, b, c, d]
        }))
    }
}

extension G2Point {
    public static func multiScalarMultiply(_ points: [G2Point], _ scalars: [Scalar]) -> G2Point {
        precondition(points.count == scalars.count, "one scalar per point")
        return G2Point(strausVartime(points.map(\.point), scalars.map { k in
            let (a, b, c, d) = k.canonicalLimbs
            return [a, b, c, d]
        }))
    }
}
