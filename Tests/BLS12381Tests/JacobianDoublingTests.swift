import Testing
@testable import BLS12381

/// `multipliedVartime` (Jacobian doublings, complete projective additions)
/// against plain double-and-add with the complete projective formulas
/// alone, on points in the subgroup, points of the curve outside it (SWU
/// outputs before cofactor clearing), and the identity.
@Suite struct JacobianDoublingTests {
    static func reference<C>(_ p: ProjectivePoint<C>, _ limbs: [UInt64]) -> ProjectivePoint<C> {
        var acc = ProjectivePoint<C>.identity
        for limb in limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = acc.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc.adding(p) }
            }
        }
        return acc
    }

    static let multipliers: [[UInt64]] = [
        [0], [1], [2], [3], [absX], [0xd201_0000_0001_0001], [0x0000_0001_0000_0000, 0xac45_a401_0001_a402],
        [0xffff_ffff_ffff_ffff], [0x1234_5678_9abc_def0, 0x0fed_cba9_8765_4321, 0x1111, 0x7fff_0000_ffff_0000],
    ]

    func expectSame<C>(_ p: ProjectivePoint<C>, _ label: String) {
        for limbs in Self.multipliers {
            let fast = p.multipliedVartime(limbs), plain = Self.reference(p, limbs)
            #expect(ProjectivePoint.equalMask(fast, plain) != 0, "\(label) times \(limbs)")
            #expect(fast.identityMask == plain.identityMask, "\(label) times \(limbs): identity")
        }
    }

    @Test func g1() throws {
        expectSame(ProjectivePoint<G1Curve>.identity, "identity")
        expectSame(G1Point.generator.point, "generator")
        for i in 0..<4 {
            let u = try hashToFieldFp([UInt8(i)], dst: Array("JACOBIAN-TEST".utf8), count: 1)[0]
            let (x, y, z) = mapToCurve(u, SWUG1.self)
            let offSubgroup = ProjectivePoint<G1Curve>(x: x, y: y, z: z)
            expectSame(offSubgroup, "SWU output \(i)")
            expectSame(offSubgroup.clearingCofactor(), "hashed point \(i)")
        }
    }

    @Test func g2() throws {
        expectSame(ProjectivePoint<G2Curve>.identity, "identity")
        expectSame(G2Point.generator.point, "generator")
        for i in 0..<4 {
            let u = try hashToFieldFp2([UInt8(i)], dst: Array("JACOBIAN-TEST".utf8), count: 1)[0]
            let (x, y, z) = mapToCurve(u, SWUG2.self)
            let offSubgroup = ProjectivePoint<G2Curve>(x: x, y: y, z: z)
            #expect(!offSubgroup.isInSubgroup)
            expectSame(offSubgroup, "SWU output \(i)")
            expectSame(offSubgroup.clearingCofactor(), "hashed point \(i)")
        }
    }
}
