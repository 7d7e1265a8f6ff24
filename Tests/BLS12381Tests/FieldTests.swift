import Testing
@testable import BLS12381

@Suite struct FieldTests {
    @Test func fpArithmeticMatchesGMP() {
        var rng = SeededBytes(state: 1)
        for _ in 0..<2000 {
            let (a, ab) = rng.fp()
            let (b, bb) = rng.fp()
            #expect((a * b).bigEndianBytes() == GMPOracle.mulModP(ab, bb))
            #expect((a + b).bigEndianBytes() == GMPOracle.addModP(ab, bb))
            #expect((a - b).bigEndianBytes() == GMPOracle.subModP(ab, bb))
        }
    }

    @Test func fpEdgeValues() {
        let pMinus1 = hex(GMPOracle.pHex).withUnsafeBufferPointer { _ in GMPOracle.subModP(hex("00" + GMPOracle.pHex), [1]) }
        let m = Fp(bigEndian: pMinus1)!
        #expect((m + Fp.one).isZero)
        #expect((m * m) == Fp.one)
        #expect((-Fp.zero).isZero)
        #expect(Fp(bigEndian: hex("00" + GMPOracle.pHex).suffix(48)) == nil, "p itself is not canonical")
        #expect(Fp.half(Fp(7)).doubled() == Fp(7))
    }

    @Test func inversesAndSquareRoots() {
        var rng = SeededBytes(state: 2)
        for _ in 0..<50 {
            let (a, _) = rng.fp()
            #expect(a * a.inverse() == Fp.one)
            let s = a.squared()
            let root = s.squareRoot()
            #expect(root != nil && root!.squared() == s)
            let b = Fp2(a, rng.fp().0)
            #expect(b * b.inverse() == Fp2.one)
            let b2 = b.squared()
            #expect(b2.squareRoot().map { $0.squared() == b2 } == true)
        }
        #expect(Fp.zero.inverse().isZero)
        // 11 is a non-residue mod p: −11 is not... check via Euler: exactly one of 11, −11 is a square since p ≡ 3 mod 4.
        #expect((Fp(11).squareRoot() == nil) != ((-Fp(11)).squareRoot() == nil))
    }

    @Test func towerInverseAndFrobenius() {
        var rng = SeededBytes(state: 3)
        func fp2() -> Fp2 { Fp2(rng.fp().0, rng.fp().0) }
        func fp6() -> Fp6 { Fp6(fp2(), fp2(), fp2()) }
        for _ in 0..<5 {
            let a = Fp12(fp6(), fp6())
            let b = Fp12(fp6(), fp6())
            #expect(a * a.inverse() == Fp12.one)
            #expect(a.squared() == a * a)
            #expect((a * b).frobenius() == a.frobenius() * b.frobenius())
            var f = a
            for _ in 0..<12 { f = f.frobenius() }
            #expect(f == a, "the p^12 Frobenius is the identity")
            let six = a.frobenius().frobenius().frobenius().frobenius().frobenius().frobenius()
            #expect(six == a.conjugated(), "the p^6 Frobenius is conjugation")
        }
        // frob(a) = a^p, by square-and-multiply on p.
        let a = Fp12(fp6(), fp6())
        var acc = Fp12.one
        let p = Fp.modulusLimbs
        for limb in p.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = acc.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc * a }
            }
        }
        #expect(acc == a.frobenius())
    }

    @Test func sparseLineMultiplicationMatchesDense() {
        var rng = SeededBytes(state: 4)
        func fp2() -> Fp2 { Fp2(rng.fp().0, rng.fp().0) }
        let f = Fp12(Fp6(fp2(), fp2(), fp2()), Fp6(fp2(), fp2(), fp2()))
        let (l0, l1, l4) = (fp2(), fp2(), fp2())
        let dense = Fp12(Fp6(l0, l1, .zero), Fp6(.zero, l4, .zero))
        #expect(f.mul(byLine: l0, l1, l4) == f * dense)
    }

    @Test func cyclotomicSquaringOnPairingValues() {
        let g = pairing(.generator, .generator).value
        #expect(g.cyclotomicSquared() == g.squared())
    }

    @Test func scalarEncodingAndArithmetic() throws {
        var rng = SeededBytes(state: 5)
        for _ in 0..<500 {
            let wide = rng.bytes(64)
            let s = Scalar(reducing: wide)
            #expect(s.bytes() == GMPOracle.reduceModR(wide))
            let t = rng.scalar()
            #expect((s * t).bytes() == GMPOracle.mulModR(s.bytes(), t.bytes()))
            #expect(try Scalar(bytes: s.bytes()) == s)
            if !s.isZero { #expect(s * s.inverse()! == .one) }
        }
        #expect(Scalar.zero.inverse() == nil)
        #expect(throws: EncodingError.scalarOutOfRange) { try Scalar(bytes: hex(GMPOracle.rHex)) }
        #expect(throws: EncodingError.wrongLength(expected: 32, actual: 31)) { try Scalar(bytes: [UInt8](repeating: 0, count: 31)) }
        #expect(Scalar.random() != Scalar.random())
    }
}
