import Testing
@testable import BLS12381

/// `SWUG2.sqrtRatio` (through the norm to Fp) against RFC 9380 App.
/// F.2.1.1's generic method, the algorithm it replaced: the same verdict,
/// and a root of the same square (up to its sign, which map_to_curve fixes
/// by sgn0).
@Suite struct SqrtRatioTests {
    /// RFC 9380 App. F.2.1.1 with q = p² (c1 = 3), step by step.
    static func generic(_ u: Fp2, _ v: Fp2) -> (Bool, Fp2) {
        var tv1 = SSWUG2Constants.sqrtRatioC6
        var tv2 = power(v, SSWUG2Constants.sqrtRatioC4)
        var tv3 = tv2.squared() * v
        var tv5 = power(u * tv3, SSWUG2Constants.sqrtRatioC3)
        tv5 = tv5 * tv2
        tv2 = tv5 * v
        tv3 = tv5 * u
        var tv4 = tv3 * tv2
        tv5 = power(tv4, SSWUG2Constants.sqrtRatioC5)
        let isQR = tv5 == .one
        tv2 = tv3 * SSWUG2Constants.sqrtRatioC7
        tv5 = tv4 * tv1
        if !isQR { tv3 = tv2; tv4 = tv5 }
        for i in stride(from: SSWUG2Constants.sqrtRatioC1, through: 2, by: -1) {
            tv5 = tv4
            for _ in 0..<(i - 2) { tv5 = tv5.squared() }
            let e1 = tv5 == .one
            tv2 = tv3 * tv1
            tv1 = tv1.squared()
            tv5 = tv4 * tv1
            if !e1 { tv3 = tv2; tv4 = tv5 }
        }
        return (isQR, tv3)
    }

    func expectAgreement(_ u: Fp2, _ v: Fp2, _ label: String) {
        let (mask, y) = SWUG2.sqrtRatio(u, v)
        let (isQR, reference) = Self.generic(u, v)
        #expect((mask != 0) == isQR, "verdict for \(label)")
        #expect(y == reference || y == -reference, "root for \(label)")
        // And by definition: y²·v = u for a square, Z·u otherwise.
        #expect(y.squared() * v == (isQR ? u : SSWUG2Constants.z * u), "square for \(label)")
    }

    @Test func agreesWithTheGenericMethodOnRandomElements() throws {
        for i in 0..<200 {
            let uv = try hashToFieldFp2([UInt8(i & 0xff), UInt8(i >> 8)], dst: Array("SQRT-RATIO-TEST".utf8), count: 2)
            expectAgreement(uv[0], uv[1], "pair \(i)")
        }
    }

    @Test func agreesWithTheGenericMethodOnEdgeValues() throws {
        let random = try hashToFieldFp2([1], dst: Array("SQRT-RATIO-EDGES".utf8), count: 2)
        let minusOne = -Fp.one
        let edges: [(Fp2, String)] = [
            (.zero, "0"), (.one, "1"), (-.one, "−1"), (Fp2(.zero, .one), "u"), (Fp2(.zero, minusOne), "−u"),
            (Fp2(Fp(2), .zero), "2"), (Fp2(Fp(5), .zero), "5"), (Fp2(-Fp(5), .zero), "−5"), (Fp2(.one, .one), "1 + u"),
            (Fp2(random[0].c0, .zero), "random in Fp"), (Fp2(.zero, random[0].c1), "random times u"),
            (random[0], "random"), (SSWUG2Constants.z, "Z"),
        ]
        for (u, uName) in edges {
            for (v, vName) in edges where v.zeroMask == 0 {
                expectAgreement(u, v, "u = \(uName), v = \(vName)")
            }
        }
    }
}
