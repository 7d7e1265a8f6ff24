import Testing
@testable import BLS12381

/// The two Fp multiplication kernels, the portable Swift one and (when the
/// build targets BMI2 and ADX) the mulx/adcx/adox assembly one, against GMP
/// and against each other, on reduced inputs and on unreduced ones up to 2p.
@Suite struct FieldKernelTests {
    /// v + p limb by limb (below 2p for v < p): the same residue, unreduced.
    func plusP(_ v: Fp) -> Fp {
        let p = Fp.modulusLimbs
        var out = [UInt64](), carry: UInt64 = 0
        for (i, limb) in [v.l0, v.l1, v.l2, v.l3, v.l4, v.l5].enumerated() {
            let (s1, o1) = limb.addingReportingOverflow(p[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out.append(s2); carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return Fp(out[0], out[1], out[2], out[3], out[4], out[5])
    }

    func limbs(_ v: Fp) -> [UInt64] { [v.l0, v.l1, v.l2, v.l3, v.l4, v.l5] }

    @Test func kernelsAgreeWithGMPAndEachOther() {
        var rng = SeededBytes(state: 41)
        let pMinus1 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [1]))!
        var cases: [(Fp, [UInt8], Fp, [UInt8])] = []
        for _ in 0..<3000 {
            let (a, ab) = rng.fp(), (b, bb) = rng.fp()
            cases.append((a, ab, b, bb))
        }
        let specials = [Fp.zero, Fp.one, pMinus1, Fp(2)]
        for a in specials { for b in specials { cases.append((a, a.bigEndianBytes(), b, b.bigEndianBytes())) } }
        for (a, ab, b, bb) in cases {
            let expected = GMPOracle.mulModP(ab, bb)
            let portable = Fp.mulPortable(a, b)
            #expect(portable.bigEndianBytes() == expected)
            // Unreduced inputs (up to 2p − 1) give the same, fully reduced, result.
            #expect(limbs(Fp.mulPortable(plusP(a), plusP(b))) == limbs(portable))
            #if VAULT_ADX_KERNELS
            #expect(limbs(Fp.mulADX(a, b)) == limbs(portable))
            #expect(limbs(Fp.mulADX(plusP(a), b)) == limbs(portable))
            #expect(limbs(Fp.mulADX(plusP(a), plusP(b))) == limbs(portable))
            #endif
        }
    }

    @Test func theBuildUsesTheKernelItSays() {
        #if VAULT_ADX_KERNELS
        let (a, b) = (Fp(12345), Fp(67890))
        #expect(limbs(Fp.mul(a, b)) == limbs(Fp.mulADX(a, b)))
        #endif
        #expect((Fp(12345) * Fp(67890)) == Fp(12345 * 67890))
    }
}
