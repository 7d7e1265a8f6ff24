import BLS12381
import Foundation
import Testing
@testable import ABE

/// One authority per scheme for the whole suite (setup is the slow part of FAME).
enum Authorities {
    static let fabeo = KeyAuthority.setup(scheme: .fabeo)
    static let fame = KeyAuthority.setup(scheme: .fame, reuseBound: 3)
    static func of(_ scheme: SchemeID) -> (PublicParameters, MasterSecret) { scheme == .fabeo ? fabeo : fame }

    static func key(_ scheme: SchemeID, _ set: AttributeSet, validUntil: String? = nil) -> UserSecretKey {
        let (pp, ms) = of(scheme)
        return try! KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: set,
                                       attributesText: set.description, validUntil: validUntil)
    }
}

@Suite struct SchemePropertyTests {
    /// Decryption succeeds exactly when the policy evaluates true: random
    /// policies (AND, OR, thresholds, numeric comparisons, nested to depth 5)
    /// and random attribute sets, for both schemes.
    @Test(arguments: [(SchemeID.fabeo, 60), (SchemeID.fame, 16)])
    func decryptsExactlyWhenSatisfied(scheme: SchemeID, cases: Int) throws {
        var generator = TreeGenerator(seed: 0xABE0 + UInt64(scheme.rawValue), maxDepth: 5)
        var done = 0, satisfied = 0
        let (pp, _) = Authorities.of(scheme)
        while done < cases {
            let tree = generator.tree()
            guard tree.leaves.count <= 12, let policy = try? Policy(tree: tree, options: Fixtures.options) else { continue }
            let matrix = policy.lsss()
            if scheme == .fame && matrix.maxOccurrence > 3 { continue }
            let set = generator.attributeSet(for: tree)
            guard !set.keyAttributes.isEmpty else { continue }  // keys for nothing are refused
            let key = Authorities.key(scheme, set)
            let record = Array("record \(done)".utf8)
            let container = try RecordContainer.seal(record, publicParameters: pp, policy: policy)
            let expected = policy.isSatisfied(by: set)
            if expected {
                satisfied += 1
                #expect(try RecordContainer.open(container, key: key) == record, "\(policy.canonicalText) with \(set)")
            } else {
                #expect(throws: ContainerError.self, "\(policy.canonicalText) must refuse \(set)") {
                    _ = try RecordContainer.open(container, key: key)
                }
                do { _ = try RecordContainer.open(container, key: key) } catch {
                    guard case .abe(.policyNotSatisfied) = error else { Issue.record("wrong refusal: \(error)"); continue }
                }
            }
            done += 1
        }
        #expect(satisfied > cases / 5 && satisfied < cases * 4 / 5, "both outcomes are exercised (\(satisfied) of \(cases))")
    }

    @Test(arguments: SchemeID.allCases)
    func repeatedAttributesDecrypt(scheme: SchemeID) throws {
        let (pp, _) = Authorities.of(scheme)
        let policy = try Policy(parsing: "(role:doctor AND hospital:A) OR (role:doctor AND hospital:B) OR (role:nurse AND hospital:A)", options: Fixtures.options)
        #expect(policy.lsss().maxOccurrence == 2)
        let key = Authorities.key(scheme, try AttributeSet(parsing: "role:doctor, hospital:B", options: Fixtures.options))
        let container = try RecordContainer.seal([1, 2, 3], publicParameters: pp, policy: policy)
        #expect(try RecordContainer.open(container, key: key) == [1, 2, 3])
    }

    @Test func fameRefusesPoliciesBeyondItsReuseBound() throws {
        let (pp, _) = Authorities.fame
        let policy = try Policy(parsing: "(on_call AND role:doctor) OR (on_call AND role:nurse) OR (on_call AND role:admin) OR (on_call AND role:surgeon)", options: Fixtures.options)
        #expect(throws: ContainerError.self) { try RecordContainer.seal([1], publicParameters: pp, policy: policy) }
        do { _ = try RecordContainer.seal([1], publicParameters: pp, policy: policy) } catch {
            #expect(error.description.contains("on_call") && error.description.contains("reuse bound"))
        }
    }
}

@Suite struct CCATests {
    /// A FABEO ciphertext whose row for an attribute the reader does not use
    /// is replaced by another valid point still decrypts to the same GT value
    /// under the plain (CPA) scheme, but the Fujisaki–Okamoto re-encryption
    /// check rejects it.
    @Test func maulingAnUnusedRowIsCaughtByTheReencryptionCheck() throws {
        let (pp, _) = Authorities.fabeo
        guard case .fabeo(let pk) = pp.key else { Issue.record("not FABEO"); return }
        let policy = try Policy(parsing: "role:doctor OR role:nurse", options: Fixtures.options)
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:doctor", options: Fixtures.options))
        guard case .fabeo(let uk) = key.key else { return }
        let (kem, _) = try RecordKEM.encapsulate(publicParameters: pp, policyText: policy.compiledText)
        let body = Array(kem.dropLast(32)), seedMask = Array(kem.suffix(32))
        let ct = try FABEO.decodeCiphertext(body)
        let matrix = policy.lsss()
        let nurseRow = try #require(matrix.rowAttributes.firstIndex(of: try Attribute(parsing: "role:nurse")))
        var rows = ct.rows
        rows[nurseRow] = rows[nurseRow] + G1Point.generator
        let mauled = FABEO.Ciphertext(c0: ct.c0, c1: ct.c1, rows: rows)
        // CPA-level decryption does not notice…
        #expect(try FABEO.decrypt(publicKey: pk, key: uk, matrix: matrix, ciphertext: mauled)
                == FABEO.decrypt(publicKey: pk, key: uk, matrix: matrix, ciphertext: ct))
        // …the CCA-secure KEM does.
        #expect(throws: ABEError.integrityCheckFailed) {
            _ = try RecordKEM.decapsulate(key: key, policyText: policy.compiledText, kem: FABEO.encode(ciphertext: mauled) + seedMask)
        }
        #expect(try RecordKEM.decapsulate(key: key, policyText: policy.compiledText, kem: kem).count == 32)
    }

    /// The weighted check accepts exactly the ciphertext that re-encryption
    /// gives: the honest one passes, and changing any single row, C0 or a
    /// C1,j (τ = 2 here: role:nurse labels two rows) makes it fail, as the
    /// full re-encryption comparison does.
    @Test func weightedCheckAgreesWithFullReencryption() throws {
        let (pp, _) = Authorities.fabeo
        guard case .fabeo(let pk) = pp.key else { Issue.record("not FABEO"); return }
        let policy = try Policy(parsing: "(role:nurse AND hospital:A) OR (role:nurse AND hospital:B) OR role:doctor",
                                options: Fixtures.options)
        let matrix = policy.lsss()
        #expect(matrix.maxOccurrence == 2)
        let seed = (0..<32).map { UInt8($0) }
        func randomness() -> DerivedRandomness { DerivedRandomness(seed: seed, info: Array("test".utf8)) }
        var draw = randomness()
        let ct = try FABEO.encrypt(publicKey: pk, matrix: matrix, randomness: &draw, withSessionKey: false).0
        func verdicts(_ candidate: FABEO.Ciphertext) throws -> (weighted: Bool, full: Bool) {
            var a = randomness(), b = randomness()
            return (try FABEO.isReencryption(candidate, publicKey: pk, matrix: matrix, randomness: &a),
                    try FABEO.encrypt(publicKey: pk, matrix: matrix, randomness: &b, withSessionKey: false).0 == candidate)
        }
        #expect(try verdicts(ct) == (true, true))
        for i in ct.rows.indices {
            var rows = ct.rows
            rows[i] = rows[i] + G1Point.generator
            #expect(try verdicts(FABEO.Ciphertext(c0: ct.c0, c1: ct.c1, rows: rows)) == (false, false), "row \(i)")
        }
        // Two rows changed so that their sum is unchanged: caught all the same.
        var swapped = ct.rows
        swapped[0] = swapped[0] + G1Point.generator
        swapped[1] = swapped[1] - G1Point.generator
        #expect(try verdicts(FABEO.Ciphertext(c0: ct.c0, c1: ct.c1, rows: swapped)) == (false, false))
        #expect(try verdicts(FABEO.Ciphertext(c0: ct.c0 + G2Point.generator, c1: ct.c1, rows: ct.rows)) == (false, false))
        #expect(try verdicts(FABEO.Ciphertext(c0: ct.c0, c1: [ct.c1[0], ct.c1[1].doubled()], rows: ct.rows)) == (false, false))
        #expect(try verdicts(FABEO.Ciphertext(c0: ct.c0, c1: ct.c1 + [ct.c1[0]], rows: ct.rows)) == (false, false))
    }

    @Test func aKeyFromAnotherAuthorityIsNamed() throws {
        let (otherPP, otherMS) = KeyAuthority.setup(scheme: .fabeo)
        let set = try AttributeSet(parsing: "role:doctor", options: Fixtures.options)
        let stranger = try KeyAuthority.issue(publicParameters: otherPP, masterSecret: otherMS, attributes: set, attributesText: "role:doctor", validUntil: nil)
        let container = try RecordContainer.seal([7], publicParameters: Authorities.fabeo.0, policy: try Policy(parsing: "role:doctor", options: Fixtures.options))
        #expect(throws: ContainerError.self) { _ = try RecordContainer.open(container, key: stranger) }
        do { _ = try RecordContainer.open(container, key: stranger) } catch {
            guard case .abe(.keyFromAnotherAuthority) = error else { Issue.record("wrong error \(error)"); return }
        }
    }
}
