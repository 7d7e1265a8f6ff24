/// hash_to_curve (RFC 9380 §3) for the suites BLS12381G1_XMD:SHA-256_SSWU_RO_
/// and BLS12381G2_XMD:SHA-256_SSWU_RO_ (§8.8.1, §8.8.2).

/// Hashes a message to G1 under a domain separation tag (at most 255 bytes).
public func hashToG1(_ message: [UInt8], dst: [UInt8]) throws(HashToCurveError) -> G1Point {
    let u = try hashToFieldFp(message, dst: dst, count: 2)
    let (x0, y0, z0) = mapToCurve(u[0], SWUG1.self)
    let (x1, y1, z1) = mapToCurve(u[1], SWUG1.self)
    let sum = ProjectivePoint<G1Curve>(x: x0, y: y0, z: z0).adding(ProjectivePoint(x: x1, y: y1, z: z1))
    return G1Point(sum.clearingCofactor())
}

/// Hashes a message to G2 under a domain separation tag (at most 255 bytes).
public func hashToG2(_ message: [UInt8], dst: [UInt8]) throws(HashToCurveError) -> G2Point {
    let u = try hashToFieldFp2(message, dst: dst, count: 2)
    let (x0, y0, z0) = mapToCurve(u[0], SWUG2.self)
    let (x1, y1, z1) = mapToCurve(u[1], SWUG2.self)
    let sum = ProjectivePoint<G2Curve>(x: x0, y: y0, z: z0).adding(ProjectivePoint(x: x1, y: y1, z: z1))
    return G2Point(sum.clearingCofactor())
}
