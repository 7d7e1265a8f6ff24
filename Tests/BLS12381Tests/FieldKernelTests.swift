import Testing
@testable import BLS12381

/// The two Fp multiplication kernels, the portable Swift one and (when the
/// build targets BMI2 and ADX) the mulx/adcx/adox assembly one, against GMP
/// and against each other, on reduced inputs and on unreduced ones up to 2p;
/// likewise the Fp2 product and square, and the Fp6 products with lazy
/// reduction against the portable Fp6 formulas and a schoolbook product.
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

    func limbs(_ v: Fp2) -> [UInt64] { limbs(v.c0) + limbs(v.c1) }

    /// The Fp2 product and square from GMP: (a0 + a1 u)(b0 + b1 u) with
    /// u² = −1 is (a0b0 − a1b1) + (a0b1 + a1b0)u, on canonical bytes.
    func gmpFp2Product(_ a: Fp2, _ b: Fp2) -> [UInt8] {
        let (a0, a1, b0, b1) = (a.c0.bigEndianBytes(), a.c1.bigEndianBytes(), b.c0.bigEndianBytes(), b.c1.bigEndianBytes())
        let c0 = GMPOracle.subModP(GMPOracle.mulModP(a0, b0), GMPOracle.mulModP(a1, b1))
        let c1 = GMPOracle.addModP(GMPOracle.mulModP(a0, b1), GMPOracle.mulModP(a1, b0))
        return c0 + c1
    }

    /// The Fp2 kernels (Karatsuba with lazy reduction, and squaring; in
    /// assembly when the build has them) against the portable Swift
    /// formulas and against GMP: every pair of the edge values 0, 1, 2,
    /// p − 1, p − 2, R mod p in either coordinate, and random elements; the
    /// product also on unreduced limbs (v + p, up to 2p − 1).
    @Test func fp2KernelsAgreeWithGMPAndThePortablePath() {
        var rng = SeededBytes(state: 43)
        let pMinus1 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [1]))!
        let pMinus2 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [2]))!
        let edges = [Fp.zero, Fp.one, Fp(2), pMinus1, pMinus2, Fp(0, 0, 0, 0, 0, 1)]
        var elements: [Fp2] = []
        for x in edges { for y in edges { elements.append(Fp2(x, y)) } }
        for _ in 0..<400 { elements.append(Fp2(rng.fp().0, rng.fp().0)) }
        var pairs: [(Fp2, Fp2)] = []
        for a in elements.prefix(36) { for b in elements.prefix(36) { pairs.append((a, b)) } }
        for i in 0..<(elements.count - 1) { pairs.append((elements[i], elements[i + 1])) }
        for (a, b) in pairs {
            let product = a * b
            #expect(product.c0.bigEndianBytes() + product.c1.bigEndianBytes() == gmpFp2Product(a, b))
            #expect(limbs(Fp2.mulPortable(a, b)) == limbs(product))
            #expect(limbs(Fp2.mulPortable(Fp2(plusP(a.c0), plusP(a.c1)), Fp2(plusP(b.c0), plusP(b.c1)))) == limbs(product))
            #if VAULT_ADX_KERNELS
            #expect(limbs(Fp2.mulADX(a, b)) == limbs(product))
            #expect(limbs(Fp2.mulADX(Fp2(plusP(a.c0), a.c1), Fp2(b.c0, plusP(b.c1)))) == limbs(product))
            #expect(limbs(Fp2.mulADX(Fp2(plusP(a.c0), plusP(a.c1)), Fp2(plusP(b.c0), plusP(b.c1)))) == limbs(product))
            #endif
        }
        for a in elements {
            let square = a.squared()
            #expect(square.c0.bigEndianBytes() + square.c1.bigEndianBytes() == gmpFp2Product(a, a))
            #expect(limbs(a.squaredPortable()) == limbs(square))
            #expect(limbs(Fp2.mulPortable(a, a)) == limbs(square))
            #if VAULT_ADX_KERNELS
            #expect(limbs(a.squaredADX()) == limbs(square))
            #endif
        }
    }

    func limbs(_ v: Fp6) -> [UInt64] { limbs(v.c0) + limbs(v.c1) + limbs(v.c2) }

    /// Schoolbook in Fp6 over the reduced Fp2 operations, v³ = ξ: nine Fp2
    /// products, independent of both Karatsuba paths.
    func schoolbook(_ a: Fp6, _ b: Fp6) -> Fp6 {
        Fp6(a.c0 * b.c0 + (a.c1 * b.c2 + a.c2 * b.c1).mulByXi(),
            a.c0 * b.c1 + a.c1 * b.c0 + (a.c2 * b.c2).mulByXi(),
            a.c0 * b.c2 + a.c1 * b.c1 + a.c2 * b.c0)
    }

    /// The Fp6 product and the sparse product by b0 + b1·v: the assembly
    /// kernels with lazy reduction (when the build has them) against the
    /// portable formulas, and both against the schoolbook product. Elements
    /// whose coordinates are all one edge value (0, 1, 2, p − 1, p − 2,
    /// 2^320, R mod p) or mix them over every coefficient, every pair of
    /// those, and random elements.
    @Test func fp6KernelsAgreeWithThePortablePath() {
        var rng = SeededBytes(state: 47)
        let pMinus1 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [1]))!
        let pMinus2 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [2]))!
        let edges = [Fp.zero, Fp.one, Fp(2), pMinus1, pMinus2, Fp(0, 0, 0, 0, 0, 1), Fp(1, 0, 0, 0, 0, 0)]
        var edge2: [Fp2] = []
        for x in edges { for y in edges { edge2.append(Fp2(x, y)) } }
        var elements: [Fp6] = edges.map { e in Fp6(Fp2(e, e), Fp2(e, e), Fp2(e, e)) }
        for i in 0..<edge2.count {
            elements.append(Fp6(edge2[i], edge2[(7 * i + 3) % edge2.count], edge2[(13 * i + 5) % edge2.count]))
        }
        let edgeCount = elements.count
        func randomFp2() -> Fp2 { Fp2(rng.fp().0, rng.fp().0) }
        for _ in 0..<300 { elements.append(Fp6(randomFp2(), randomFp2(), randomFp2())) }
        var pairs: [(Fp6, Fp6)] = []
        for a in elements.prefix(edgeCount) { for b in elements.prefix(edgeCount) { pairs.append((a, b)) } }
        for i in 0..<(elements.count - 1) { pairs.append((elements[i], elements[i + 1])) }
        for (a, b) in pairs {
            let expected = limbs(schoolbook(a, b))
            #expect(limbs(a * b) == expected)
            #expect(limbs(Fp6.mulPortable(a, b)) == expected)
            let sparse = limbs(schoolbook(a, Fp6(b.c0, b.c1, .zero)))
            #expect(limbs(a.mul(by01: b.c0, b.c1)) == sparse)
            #expect(limbs(a.mulPortable(by01: b.c0, b.c1)) == sparse)
            #if VAULT_ADX_KERNELS
            #expect(limbs(Fp6.mulADX(a, b)) == expected)
            #expect(limbs(a.mulADX(by01: b.c0, b.c1)) == sparse)
            #endif
        }
    }

    func limbs(_ v: Fp12) -> [UInt64] { limbs(v.c0) + limbs(v.c1) }

    /// The Fp12 product by a line ℓ0 + ℓ1·v + ℓ4·v·w: the assembly kernel
    /// (when the build has it) and the portable formula against the dense
    /// product f·(Fp6(ℓ0, ℓ1, 0) + Fp6(0, ℓ4, 0)·w) computed with the schoolbook
    /// Fp6 product, on edge-valued and random f and lines.
    @Test func lineKernelAgreesWithThePortablePath() {
        var rng = SeededBytes(state: 53)
        let pMinus1 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [1]))!
        let pMinus2 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [2]))!
        let edges = [Fp.zero, Fp.one, Fp(2), pMinus1, pMinus2, Fp(0, 0, 0, 0, 0, 1), Fp(1, 0, 0, 0, 0, 0)]
        func randomFp2() -> Fp2 { Fp2(rng.fp().0, rng.fp().0) }
        var cases: [(Fp12, Fp2, Fp2, Fp2)] = []
        for (i, e) in edges.enumerated() {
            for (j, g) in edges.enumerated() {
                let x = Fp2(e, g), y = Fp2(g, e), z = Fp2(edges[(i + j) % edges.count], e)
                cases.append((Fp12(Fp6(x, x, x), Fp6(x, x, x)), y, y, y))
                cases.append((Fp12(Fp6(x, y, z), Fp6(z, x, y)), z, x, y))
            }
        }
        for _ in 0..<200 {
            cases.append((Fp12(Fp6(randomFp2(), randomFp2(), randomFp2()), Fp6(randomFp2(), randomFp2(), randomFp2())),
                          randomFp2(), randomFp2(), randomFp2()))
        }
        for (f, l0, l1, l4) in cases {
            let g0 = Fp6(l0, l1, .zero), g1 = Fp6(.zero, l4, .zero)
            let t1 = schoolbook(f.c1, g1)
            let dense = Fp12(schoolbook(f.c0, g0) + Fp6(t1.c2.mulByXi(), t1.c0, t1.c1),
                             schoolbook(f.c0, g1) + schoolbook(f.c1, g0))
            #expect(limbs(f.mul(byLine: l0, l1, l4)) == limbs(dense))
            #expect(limbs(f.mulPortable(byLine: l0, l1, l4)) == limbs(dense))
            #if VAULT_ADX_KERNELS
            #expect(limbs(f.mulADX(byLine: l0, l1, l4)) == limbs(dense))
            #endif
        }
    }

    /// Karabina's compressed squaring: the assembly kernel (when the build
    /// has it) and the portable formulas against `Fp12.cyclotomicSquared`'s
    /// own coordinates (the same formulas over Fp2: 3(·) ± 2h), on edge and
    /// random values. The formulas are algebra on any input, cyclotomic or not.
    @Test func compressedSquaringKernelAgreesWithThePortablePath() {
        var rng = SeededBytes(state: 59)
        let pMinus1 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [1]))!
        let pMinus2 = Fp(bigEndian: GMPOracle.subModP(hex("00" + GMPOracle.pHex), [2]))!
        let edges = [Fp.zero, Fp.one, Fp(2), pMinus1, pMinus2, Fp(0, 0, 0, 0, 0, 1), Fp(1, 0, 0, 0, 0, 0)]
        var values: [CompressedCyclotomic] = []
        for (i, e) in edges.enumerated() {
            for (j, g) in edges.enumerated() {
                let x = Fp2(e, g), y = Fp2(g, e), z = Fp2(edges[(i + j) % edges.count], e)
                values.append(CompressedCyclotomic(h1: x, h2: x, h4: x, h5: x))
                values.append(CompressedCyclotomic(h1: x, h2: y, h4: z, h5: y))
            }
        }
        func randomFp2() -> Fp2 { Fp2(rng.fp().0, rng.fp().0) }
        for _ in 0..<300 { values.append(CompressedCyclotomic(h1: randomFp2(), h2: randomFp2(), h4: randomFp2(), h5: randomFp2())) }
        func three(_ x: Fp2) -> Fp2 { x.doubled() + x }
        func coords(_ c: CompressedCyclotomic) -> [UInt64] { limbs(c.h1) + limbs(c.h2) + limbs(c.h4) + limbs(c.h5) }
        for c in values {
            let b0 = c.h1 * c.h1 + (c.h4 * c.h4).mulByXi(), b1 = (c.h1 * c.h4).doubled()
            let d0 = c.h2 * c.h2 + (c.h5 * c.h5).mulByXi(), d1 = (c.h2 * c.h5).doubled()
            let expected = CompressedCyclotomic(h1: three(d1.mulByXi()) + c.h1.doubled(), h2: three(b0) - c.h2.doubled(),
                                                h4: three(d0) - c.h4.doubled(), h5: three(b1) + c.h5.doubled())
            #expect(coords(c.squared()) == coords(expected))
            #expect(coords(c.squaredPortable()) == coords(expected))
            #if VAULT_ADX_KERNELS
            #expect(coords(c.squaredADX()) == coords(expected))
            #endif
        }
    }

    @Test func theBuildUsesTheKernelItSays() {
        #if VAULT_ADX_KERNELS
        let (a, b) = (Fp(12345), Fp(67890))
        #expect(limbs(Fp.mul(a, b)) == limbs(Fp.mulADX(a, b)))
        let (x, y) = (Fp2(Fp(3), Fp(5)), Fp2(Fp(7), Fp(11)))
        #expect(limbs(x * y) == limbs(Fp2.mulADX(x, y)))
        #expect(limbs(x.squared()) == limbs(x.squaredADX()))
        let (f, g) = (Fp6(x, y, x + y), Fp6(y, x, x - y))
        #expect(limbs(f * g) == limbs(Fp6.mulADX(f, g)))
        #expect(limbs(f.mul(by01: x, y)) == limbs(f.mulADX(by01: x, y)))
        let h = Fp12(f, g)
        #expect(limbs(h.mul(byLine: x, y, x)) == limbs(h.mulADX(byLine: x, y, x)))
        let c = CompressedCyclotomic(h1: x, h2: y, h4: x + y, h5: x - y)
        #expect(limbs(c.squared().h1) + limbs(c.squared().h5) == limbs(c.squaredADX().h1) + limbs(c.squaredADX().h5))
        #endif
        #expect((Fp(12345) * Fp(67890)) == Fp(12345 * 67890))
        // (3 + 5u)(7 + 11u) = (21 − 55) + (33 + 35)u; (3 + 5u)² = −16 + 30u.
        #expect(Fp2(Fp(3), Fp(5)) * Fp2(Fp(7), Fp(11)) == Fp2(-Fp(34), Fp(68)))
        #expect(Fp2(Fp(3), Fp(5)).squared() == Fp2(-Fp(16), Fp(30)))
    }
}
