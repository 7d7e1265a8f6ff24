import Testing
@testable import BLS12381

/// G2's secret multiplication splits the scalar into four base-|x| digits
/// and uses ψ = [x]: a wrong digit or sign gives a wrong key component, so
/// the digits, their bounds and the product are each checked.
@Suite struct GLSTests {
    static let absX: UInt64 = 0xd201_0000_0001_0000

    @Test func theReciprocalIsFloorOf2To128OverAbsX() {
        // q·|x| < 2^128 ≤ (q + 1)·|x| for q = 2^64 + low.
        let q = (UInt128(1) << 64) + UInt128(absXReciprocalLow)
        let product = q.multipliedFullWidth(by: UInt128(Self.absX))
        #expect(product.high == 0 && product.low != 0)
        #expect(UInt128(0) &- product.low < UInt128(Self.absX))  // 2^128 − q·|x|
    }

    @Test func divisionByAbsXIsExactBelowAbsXSquared() {
        var rng = SeededBytes(state: 41)
        let z = UInt128(Self.absX)
        let top = z * z - 1
        var values: [UInt128] = [0, 1, z - 1, z, z + 1, 2 * z, 3 * z - 1, top, top - z]
        for _ in 0..<2000 {
            let b = rng.bytes(16)
            let v = b.prefix(16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
            values.append(v % (z * z))
        }
        for c in values {
            let (r, q) = dividedByAbsX(c)
            #expect(UInt128(q) * z + UInt128(r) == c, "c = \(c)")
            #expect(UInt128(r) < z, "c = \(c)")
        }
    }

    @Test func digitsRecombineAndStayBelowAbsX() {
        var rng = SeededBytes(state: 42)
        let z = Scalar(Self.absX)
        let edges: [Scalar] = [.zero, .one, Scalar.zero - Scalar.one, z, z * z, z * z * z, z * z * z - Scalar.one]
        for k in edges + (0..<300).map({ _ in rng.scalar() }) {
            let (a, b, c, d) = k.canonicalLimbs
            let digits = glsDecompose([a, b, c, d])
            #expect(digits.allSatisfy { $0 < Self.absX })
            let sum = Scalar(digits[0]) + Scalar(digits[1]) * z + Scalar(digits[2]) * z * z + Scalar(digits[3]) * z * z * z
            #expect(sum == k)
        }
    }

    @Test func glsMatchesTheLadderOnRandomAndEdgeScalars() {
        var rng = SeededBytes(state: 43)
        let z = Scalar(Self.absX)
        let edges: [Scalar] = [.zero, .one, Scalar.zero - Scalar.one, z, z * z * z]
        let points = [G2Point.generator, G2Point.identity] + (0..<3).map { _ in G2Point.generator * rng.scalar() }
        for p in points {
            for k in edges + (0..<8).map({ _ in rng.scalar() }) {
                let gls = G2Point(p.point.multipliedConstantTimeGLS(k.canonicalLimbs))
                #expect(gls == G2Point(p.point.multipliedConstantTime(k.canonicalLimbs)))
                #expect(gls == p.multipliedPublic(by: k))
            }
        }
    }
}
