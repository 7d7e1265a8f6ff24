import Testing
@testable import BLS12381

/// Karabina's compressed squaring against the Granger–Scott squaring it
/// abbreviates, and the power by x built on it against the existing one.
@Suite struct CyclotomicTests {
    /// A random element of the cyclotomic subgroup: the easy part of the
    /// final exponentiation applied to a random Fp12.
    static func cyclotomic(_ rng: inout SeededBytes) -> Fp12 {
        func fp2() -> Fp2 { Fp2(rng.fp().0, rng.fp().0) }
        let f = Fp12(Fp6(fp2(), fp2(), fp2()), Fp6(fp2(), fp2(), fp2()))
        let m = f.conjugated() * f.inverse()
        return m.frobenius().frobenius() * m
    }

    @Test func compressedSquaringsDecompressToGrangerScottSquarings() {
        var rng = SeededBytes(state: 41)
        for _ in 0..<4 {
            let g = Self.cyclotomic(&rng)
            #expect(g.cyclotomicSquared() == g.squared(), "the sample is cyclotomic")
            var full = g
            var compressed = CompressedCyclotomic(g)
            var chain = [CompressedCyclotomic]()
            var expected = [Fp12]()
            for _ in 0..<20 {
                full = full.cyclotomicSquared()
                compressed = compressed.squared()
                let (num, den) = compressed.h3Fraction()
                #expect(compressed.decompressed(h3: num * den.inverse()) == full)
                chain.append(compressed)
                expected.append(full)
            }
            let batch = CompressedCyclotomic.decompressed(chain)
            #expect(batch.count == expected.count)
            for (a, b) in zip(batch, expected) { #expect(a == b) }
        }
    }

    /// The h1 = 0 fallback reads h3·h4 = 2·h2h5 off the relation
    /// h0h1 + ξh3h4 = 2ξh2h5 + h1; that relation must hold everywhere.
    @Test func fallbackRelationHoldsOnTheSubgroup() {
        var rng = SeededBytes(state: 42)
        for _ in 0..<4 {
            let g = Self.cyclotomic(&rng)
            let (h0, h1, h2, h3, h4, h5) = (g.c0.c0, g.c1.c0, g.c0.c1, g.c1.c1, g.c0.c2, g.c1.c2)
            #expect(h0 * h1 + (h3 * h4).mulByXi() == (h2 * h5).doubled().mulByXi() + h1)
        }
    }

    @Test func oneDecompressesToOne() {
        let c = CompressedCyclotomic(.one)
        #expect(CompressedCyclotomic.decompressed([c, c.squared()]).allSatisfy { $0 == .one })
        #expect(cyclotomicPowerXCompressed(.one) == .one)
    }

    @Test func compressedPowerOfXMatchesSquareAndMultiply() {
        var rng = SeededBytes(state: 43)
        var samples = (0..<3).map { _ in Self.cyclotomic(&rng) }
        samples.append(pairing(.generator, .generator).value)
        for m in samples {
            #expect(cyclotomicPowerXCompressed(m) == cyclotomicPowerX(m))
        }
    }

    @Test func batchInversionMatchesOneByOne() {
        var rng = SeededBytes(state: 44)
        #expect(Fp.batchInverted([]).isEmpty)
        #expect(Fp.batchInverted([.zero]).allSatisfy { $0.isZero })
        #expect(Fp.batchInverted([.zero, .zero, .zero]).allSatisfy { $0.isZero })
        #expect(Fp.batchInverted([.one]).allSatisfy { $0 == .one })
        let values: [Fp] = [.zero] + (0..<5).map { _ in rng.fp().0 } + [.zero, .one, .zero]
        #expect(Self.same(Fp.batchInverted(values), values.map { $0.inverse() }))
        let pairs: [Fp2] = [.zero, Fp2(.zero, rng.fp().0), Fp2(rng.fp().0, rng.fp().0), .zero]
        #expect(Self.same(Fp2.batchInverted(pairs), pairs.map { $0.inverse() }))
    }

    static func same<F: FieldElement>(_ a: [F], _ b: [F]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    }
}
