/// The optimal ate pairing e: G1 × G2 → GT. Values equal the IRTF
/// draft's test vector cubed (blst's convention).
public func pairing(_ p: G1Point, _ q: G2Point) -> GT {
    multiPairing([(p, q)])
}

/// ∏ e(Pi, Qi) with one shared Miller loop and one final exponentiation.
/// Pairs with an identity input contribute 1. An identity Pi needs no branch:
/// its affine coordinates are (0, 0), so every line it meets lies in Fp2,
/// which the final exponentiation sends to 1. Pairs with an identity Qi are
/// skipped, a branch on whether Qi is the identity only (decoding refuses it).
public func multiPairing(_ pairs: [(G1Point, G2Point)]) -> GT {
    // Dropping identity G2 points is a public decision: a secret G2 point (a
    // user key's K1, FAME's K0) is never the identity (decoders refuse it,
    // keygen reaches it with probability 2^-255), so it is declassified.
    var prepared = MillerPair.affinePairs(pairs.filter { !ConstantTime.declassify($0.1.isIdentity) }.map { ($0.0.point, $0.1.point) })
    if prepared.isEmpty { return .one }
    return GT(finalExponentiation(millerLoop(&prepared)))
}
