import Testing
@testable import BLS12381

@Suite struct GroupTests {
    @Test func scalarMultiplesMatchPyEcc() throws {
        for v in PyEccVectors.shared.scalars {
            let k = scalar(v.k)
            let p = G1Point.generator * k
            let q = G2Point.generator * k
            #expect(p.compressed() == hex(v.g1_compressed), "[k]G1 compressed, k = \(v.k)")
            #expect(p.uncompressed() == hex(v.g1_uncompressed))
            #expect(q.compressed() == hex(v.g2_compressed), "[k]G2 compressed, k = \(v.k)")
            #expect(q.uncompressed() == hex(v.g2_uncompressed))
            #expect(G1Point.generator.multipliedPublic(by: k) == p, "GLV path agrees, k = \(v.k)")
            #expect(G2Point.generator.multipliedPublic(by: k) == q, "GLS path agrees, k = \(v.k)")
            // Decoding returns the same point; the identity only when allowed.
            if k.isZero {
                #expect(throws: EncodingError.identityNotAllowed) { try G1Point(compressed: hex(v.g1_compressed)) }
                #expect(try G1Point(compressed: hex(v.g1_compressed), allowIdentity: true) == .identity)
                #expect(try G2Point(uncompressed: hex(v.g2_uncompressed), allowIdentity: true) == .identity)
            } else {
                #expect(try G1Point(compressed: hex(v.g1_compressed)) == p)
                #expect(try G1Point(uncompressed: hex(v.g1_uncompressed)) == p)
                #expect(try G2Point(compressed: hex(v.g2_compressed)) == q)
                #expect(try G2Point(uncompressed: hex(v.g2_uncompressed)) == q)
            }
        }
    }

    @Test func groupLaws() {
        var rng = SeededBytes(state: 20)
        let a = rng.scalar(), b = rng.scalar()
        let g = G1Point.generator, h = G2Point.generator
        #expect(g * a + g * b == g * (a + b))
        #expect(h * a + h * b == h * (a + b))
        #expect((g * a) * b == g * (a * b))
        #expect(g + (-g) == .identity && h - h == .identity)
        #expect(g + g == g.doubled() && h + h == h.doubled())
        #expect(g * (Scalar.zero - Scalar.one) == -g)
        #expect(g + .identity == g && G2Point.identity + h == h)
    }

    @Test func subgroupChecksAcceptGroupAndRejectCofactorPoints() throws {
        #expect(G1Point.generator.point.isInSubgroup && G2Point.generator.point.isInSubgroup)
        for v in PyEccVectors.shared.invalid_g1 {
            if let c = v.compressed {
                #expect(throws: EncodingError.self, "\(v.why)") { try G1Point(compressed: hex(c)) }
            }
            if let u = v.uncompressed {
                #expect(throws: EncodingError.self, "\(v.why)") { try G1Point(uncompressed: hex(u)) }
            }
        }
        let notInG1 = PyEccVectors.shared.invalid_g1.filter { $0.why == "not in subgroup" }
        #expect(!notInG1.isEmpty)
        for v in notInG1 {
            #expect(throws: EncodingError.notInSubgroup) { try G1Point(uncompressed: hex(v.uncompressed!)) }
            #expect(throws: EncodingError.notInSubgroup) { try G1Point(compressed: hex(v.compressed!)) }
        }
        for v in PyEccVectors.shared.invalid_g2 {
            #expect(throws: EncodingError.notInSubgroup) { try G2Point(uncompressed: hex(v.uncompressed!)) }
            #expect(throws: EncodingError.notInSubgroup) { try G2Point(compressed: hex(v.compressed!)) }
        }
        #expect(throws: EncodingError.notOnCurve) {
            try G1Point(compressed: hex(PyEccVectors.shared.invalid_g1.first { $0.why == "not on curve" }!.compressed!))
        }
        #expect(throws: EncodingError.coordinateNotCanonical) {
            try G1Point(compressed: hex(PyEccVectors.shared.invalid_g1.first { $0.why == "not canonical" }!.compressed!))
        }
    }

    @Test func malformedEncodingsAreRefusedWithTheirReason() throws {
        let good1 = G1Point.generator.compressed()
        let good2 = G2Point.generator.compressed()
        #expect(throws: EncodingError.wrongLength(expected: 48, actual: 47)) { try G1Point(compressed: good1.dropLast()) }
        #expect(throws: EncodingError.wrongLength(expected: 96, actual: 97)) { try G2Point(compressed: good2 + [0]) }
        #expect(throws: EncodingError.wrongLength(expected: 192, actual: 96)) { try G2Point(uncompressed: good2) }
        var noCompressionFlag = good1; noCompressionFlag[0] &= 0x7f
        #expect(throws: EncodingError.badFlags) { try G1Point(compressed: noCompressionFlag) }
        var infinityWithSign = [UInt8](repeating: 0, count: 48); infinityWithSign[0] = 0xe0
        #expect(throws: EncodingError.badFlags) { try G1Point(compressed: infinityWithSign, allowIdentity: true) }
        var infinityWithData = [UInt8](repeating: 0, count: 48); infinityWithData[0] = 0xc0; infinityWithData[47] = 1
        #expect(throws: EncodingError.badFlags) { try G1Point(compressed: infinityWithData, allowIdentity: true) }
        var uncompressedWithSign = G1Point.generator.uncompressed(); uncompressedWithSign[0] |= 0x20
        #expect(throws: EncodingError.badFlags) { try G1Point(uncompressed: uncompressedWithSign) }
        var offCurve = G1Point.generator.uncompressed(); offCurve[95] ^= 1
        #expect(throws: EncodingError.notOnCurve) { try G1Point(uncompressed: offCurve) }
        var offCurve2 = G2Point.generator.uncompressed(); offCurve2[191] ^= 1
        #expect(throws: EncodingError.notOnCurve) { try G2Point(uncompressed: offCurve2) }
        // Flipping the sign bit gives the negated point, which is still valid.
        var flipped = good1; flipped[0] ^= 0x20
        #expect(try G1Point(compressed: flipped) == -G1Point.generator)
    }

    @Test func randomPointsRoundTrip() throws {
        var rng = SeededBytes(state: 21)
        for _ in 0..<20 {
            let p = G1Point.generator * rng.scalar()
            let q = G2Point.generator * rng.scalar()
            #expect(try G1Point(compressed: p.compressed()) == p)
            #expect(try G1Point(uncompressed: p.uncompressed()) == p)
            #expect(try G2Point(compressed: q.compressed()) == q)
            #expect(try G2Point(uncompressed: q.uncompressed()) == q)
        }
    }
}

@Suite struct GLVDecompositionTests {
    @Test func decompositionRecombinesForRandomAndEdgeScalars() {
        var rng = SeededBytes(state: 31)
        let edges: [Scalar] = [.zero, .one, Scalar.zero - Scalar.one, Scalar(0xd201_0000_0001_0000)]
        for k in edges + (0..<300).map({ _ in rng.scalar() }) {
            let (a, b, c, d) = k.canonicalLimbs
            let (k0, k1) = glvDecompose([a, b, c, d])
            // k0 < x² and k0 + k1·x² = k, compared as Fr elements.
            let x2 = Scalar(0xd201_0000_0001_0000) * Scalar(0xd201_0000_0001_0000)
            let two64 = Scalar(1 << 32) * Scalar(1 << 32)
            let s0 = Scalar(k0[0]) + Scalar(k0[1]) * two64
            let s1 = Scalar(k1[0]) + Scalar(k1[1]) * two64
            #expect(s0 + s1 * x2 == k)
            #expect(k0[1] < 0xac45_a401_0001_a402 || (k0[1] == 0xac45_a401_0001_a402 && k0[0] < 0x1_0000_0000))
            #expect(G1Point.generator.point.multipliedConstantTimeGLV((a, b, c, d)).isOnCurve)
        }
    }

    @Test func glvMatchesTheLadder() {
        var rng = SeededBytes(state: 32)
        for _ in 0..<30 {
            let k = rng.scalar()
            let p = G1Point.generator * rng.scalar()
            #expect(G1Point(p.point.multipliedConstantTime(k.canonicalLimbs)) == p * k)
        }
    }
}
