import Testing
@testable import BLS12381
import VaultSupport

@Suite struct PairingTests {
    @Test func matchesPyEcc() {
        for v in PyEccVectors.shared.pairings {
            let p = G1Point.generator * scalar(v.a)
            let q = G2Point.generator * scalar(v.b)
            #expect(Hex.encode(pairing(p, q).bytes()) == v.gt, "e([a]G1, [b]G2) for a = \(v.a)")
        }
    }

    @Test func bilinearity() {
        var rng = SeededBytes(state: 10)
        let a = rng.scalar(), b = rng.scalar()
        let base = pairing(.generator, .generator)
        #expect(pairing(G1Point.generator * a, G2Point.generator * b) == base.power(a * b))
        #expect(pairing(G1Point.generator * a, G2Point.generator) == pairing(G1Point.generator, G2Point.generator * a))
        let p = G1Point.generator * a
        #expect(pairing(p + p, .generator) == pairing(p, .generator) * pairing(p, .generator))
    }

    @Test func nonDegenerateAndIdentity() {
        let e = pairing(.generator, .generator)
        #expect(e != .one)
        #expect(e.power(Scalar.zero - Scalar.one) * e == .one, "e has order r")
        #expect(pairing(.identity, .generator) == .one)
        #expect(pairing(.generator, .identity) == .one)
        #expect(pairing(-G1Point.generator, .generator) * e == .one)
    }

    @Test func multiPairingEqualsProductOfPairings() {
        var rng = SeededBytes(state: 11)
        var pairs = [(G1Point, G2Point)]()
        var product = GT.one
        for _ in 0..<6 {
            let p = G1Point.generator * rng.scalar()
            let q = G2Point.generator * rng.scalar()
            pairs.append((p, q))
            product *= pairing(p, q)
        }
        #expect(multiPairing(pairs) == product)
        #expect(multiPairing([]) == .one)
        #expect(multiPairing([(pairs[0].0, pairs[0].1), (-pairs[0].0, pairs[0].1)]) == .one)
    }

    @Test func gtPowerMatchesRepeatedMultiplication() {
        let e = pairing(.generator, .generator)
        #expect(e.power(Scalar(5)) == e * e * e * e * e)
        #expect(e.power(Scalar(0)) == .one)
        #expect(e.inverse() * e == .one)
    }
}

@Suite struct IdentityPairingTests {
    @Test func identityInsideMultiPairingContributesOne() {
        let e = pairing(.generator, .generator)
        #expect(multiPairing([(.identity, .generator), (.generator, .generator)]) == e)
        #expect(multiPairing([(.generator, .identity), (.generator, .generator)]) == e)
    }
}

@Suite struct GTEncodingTests {
    @Test func roundTripAndMembership() throws {
        let e = pairing(.generator, .generator).power(Scalar(12345))
        #expect(try GT(bytes: e.bytes()) == e)
        #expect(try GT(bytes: GT.one.bytes()) == .one)
        var wrong = e.bytes(); wrong[575] ^= 1
        #expect(throws: EncodingError.notInSubgroup) { try GT(bytes: wrong) }
        #expect(throws: EncodingError.wrongLength(expected: 576, actual: 575)) { try GT(bytes: e.bytes().dropLast()) }
        var big = e.bytes(); big[0] = 0xff
        #expect(throws: EncodingError.coordinateNotCanonical) { try GT(bytes: big) }
    }
}
