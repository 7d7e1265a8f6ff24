import Testing
@testable import BLS12381

/// Fixed bases answer directly for their first calls and through a table
/// after that; both paths must give the ordinary product.
@Suite struct FixedBaseTests {
    @Test func bothPathsMatchOrdinaryMultiplication() {
        var rng = SeededBytes(state: 31)
        let p = G1Point.generator * rng.scalar(), q = G2Point.generator * rng.scalar()
        let e = pairing(p, q)
        let g1 = G1FixedBase(p), g2 = G2FixedBase(q), gt = GTFixedBase(e)
        for call in 0..<10 {
            let k = call == 0 ? Scalar.zero : (call == 9 ? Scalar.zero - Scalar.one : rng.scalar())
            #expect(g1.multiply(k) == p * k, "G1 call \(call)")
            #expect(g2.multiply(k) == q * k, "G2 call \(call)")
            #expect(gt.power(k) == e.power(k), "GT call \(call)")
            #expect(G1Point.generatorMultiple(k) == G1Point.generator * k)
            #expect(G2Point.generatorMultiple(k) == G2Point.generator * k)
        }
    }

    @Test func batchNormalizationMatchesOneByOne() {
        var rng = SeededBytes(state: 32)
        let points = [G1Point.identity.point] + (0..<6).map { _ in (G1Point.generator * rng.scalar()).point } + [G1Point.identity.point]
        let batch = ProjectivePoint.batchNormalized(points)
        for (a, b) in zip(batch, points.map { $0.normalized() }) {
            #expect(Fp.equalMask(a.x, b.x) != 0 && Fp.equalMask(a.y, b.y) != 0 && Fp.equalMask(a.z, b.z) != 0)
        }
        let twisted = [G2Point.identity.point] + (0..<3).map { _ in (G2Point.generator * rng.scalar()).point }
        for (a, b) in zip(ProjectivePoint.batchNormalized(twisted), twisted.map { $0.normalized() }) {
            #expect(Fp2.equalMask(a.x, b.x) != 0 && Fp2.equalMask(a.y, b.y) != 0 && Fp2.equalMask(a.z, b.z) != 0)
        }
    }
}
