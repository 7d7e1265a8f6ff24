import BLS12381

/// Refusals of key elements that decode fine but void the scheme: the
/// identity of GT, or a zero scalar (identity points of G1 and G2 are
/// already refused by their decoders). Honest setup produces them with
/// probability about 2^-255; a forged public key with
/// e(g,h)^α = 1 (FABEO) or T1 = T2 = 1 (FAME) made every ciphertext's session
/// value 1, so anyone could open records without a key (issue 12).
enum Degenerate {
    static func refuseIdentity(_ value: GT, _ part: String) throws(ABEError) {
        if value == GT.one { throw .degenerateKey(part: part) }
    }

    static func refuseZero(_ scalar: Scalar, _ part: String) throws(ABEError) {
        // Whether the master key is refused is public; the scalar is not.
        if ConstantTime.declassify(scalar.isZero) { throw .degenerateKey(part: part) }
    }
}
