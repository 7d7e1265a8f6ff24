import BLS12381
import VaultSupport

/// FABEO CP-ABE (Riepel–Wee, “FABEO: Fast Attribute-Based Encryption with
/// Optimal Security”, CCS 2022, ePrint 2022/1415, Figure 1): one G1 element
/// per LSSS row and a 2 + τ pairing product to decrypt, where τ is the
/// largest number of rows sharing an attribute. Repeated attributes use
/// separate randomness s1,j per occurrence, as the paper prescribes.
public enum FABEO: CPABEScheme {
    public static let id = SchemeID.fabeo
    static let hasher = AttributeHasher(scheme: "FABEO", purpose: "ATTRIBUTE")

    public struct PublicKey: Sendable {
        /// e(g, h)^α, and a table for raising it to encryption randomness.
        public let y: GT
        let yTable: GTFixedBase
        /// H0 = H(reserved label), outside the attribute universe.
        let h0: G1Point
        let h0Table: G1FixedBase

        init(y: GT) {
            self.y = y
            yTable = GTFixedBase(y)
            h0 = FABEO.hasher.hash(AttributeHasher.reservedLabel(Array("H0".utf8)))
            h0Table = G1FixedBase(h0)
        }
    }

    public struct MasterKey: Sendable { let alpha: Scalar }

    public struct UserKey: Sendable {
        let k1: G2Point
        let k2: G1Point
        /// K_y per attribute; decoded and checked when a decryption uses it (`KeyPoint`).
        let components: [Attribute: KeyPoint]
        let order: [Attribute]
    }

    public struct Ciphertext: Sendable, Equatable {
        let c0: G2Point
        /// C1,j for j = 1…τ.
        let c1: [G2Point]
        /// C_i for each row.
        let rows: [G1Point]

        /// Point by point, each result declassified: the re-encryption check
        /// compares points derived from the secret seed with the public KEM,
        /// and only whether they match is public.
        public static func == (a: Ciphertext, b: Ciphertext) -> Bool {
            a.c1.count == b.c1.count && a.rows.count == b.rows.count
                && ConstantTime.declassify(a.c0 == b.c0)
                && zip(a.c1, b.c1).allSatisfy { ConstantTime.declassify($0 == $1) }
                && zip(a.rows, b.rows).allSatisfy { ConstantTime.declassify($0 == $1) }
        }
    }

    public static func setup(reuseBound: Int) -> (PublicKey, MasterKey) {
        let alpha = Scalar.random()
        let y = pairing(G1Point.generatorMultiple(alpha), .generator)
        return (PublicKey(y: y), MasterKey(alpha: alpha))
    }

    public static func keyGen(publicKey: PublicKey, masterKey: MasterKey, attributes: [Attribute],
                              randomness: inout some ScalarSource) -> UserKey {
        let r = randomness.next()
        let k1 = G2Point.generatorMultiple(r)
        let k2 = G1Point.generatorMultiple(masterKey.alpha) + publicKey.h0 * r
        let order = Array(Set(attributes)).sorted()
        var components = [Attribute: KeyPoint]()
        for attribute in order { components[attribute] = KeyPoint(hasher.hash(AttributeHasher.attributeLabel(attribute)) * r) }
        return UserKey(k1: k1, k2: k2, components: components, order: order)
    }

    public static func encrypt(publicKey: PublicKey, matrix: LSSSMatrix, randomness: inout some ScalarSource,
                               withSessionKey: Bool) throws(ABEError) -> (Ciphertext, GT?) {
        let tau = max(1, matrix.maxOccurrence)
        let s0 = randomness.next()
        let s1 = (0..<tau).map { _ in randomness.next() }
        let v = [s0] + (1..<max(1, matrix.columnCount)).map { _ in randomness.next() }
        var rows = [G1Point]()
        rows.reserveCapacity(matrix.rowCount)
        for i in 0..<matrix.rowCount {
            // M_i · v over the row's non-zero entries.
            var share = Scalar.zero
            for cell in matrix.sparseRows[i] { share += cell.entry.scalar * v[cell.column] }
            let attributePoint = hasher.hash(AttributeHasher.attributeLabel(matrix.rowAttributes[i]))
            rows.append(publicKey.h0Table.multiply(share) + attributePoint * s1[matrix.occurrences[i] - 1])
        }
        let ciphertext = Ciphertext(c0: G2Point.generatorMultiple(s0), c1: s1.map { G2Point.generatorMultiple($0) }, rows: rows)
        return (ciphertext, withSessionKey ? publicKey.yTable.power(s0) : nil)
    }

    public static func decrypt(publicKey: PublicKey, key: UserKey, matrix: LSSSMatrix,
                               ciphertext: Ciphertext) throws(ABEError) -> GT {
        guard ciphertext.rows.count == matrix.rowCount, ciphertext.c1.count >= max(1, matrix.maxOccurrence) else {
            throw .malformed(part: "KEM", problem: "the ciphertext does not match its policy's matrix")
        }
        guard let rec = matrix.reconstruction(for: Set(key.order)) else {
            throw .policyNotSatisfied(needed: matrix.formula.canonicalText)
        }
        // e(K2, C0) · Π_j e(Π_{j(i)=j} K_ρ(i)^γi, C1,j) / e(Π C_i^γi, K1), as one multi-pairing.
        var byOccurrence = [Int: ([G1Point], [Scalar])]()
        for (index, attribute) in rec.attributes.enumerated() {
            guard let stored = key.components[attribute] else { throw .policyNotSatisfied(needed: matrix.formula.canonicalText) }
            let component = try stored.point("key component for \(attribute)")
            byOccurrence[rec.occurrences[index], default: ([], [])].0.append(component)
            byOccurrence[rec.occurrences[index], default: ([], [])].1.append(rec.coefficients[index])
        }
        var pairs: [(G1Point, G2Point)] = [(key.k2, ciphertext.c0)]
        for (j, terms) in byOccurrence.sorted(by: { $0.key < $1.key }) {
            pairs.append((G1Point.multiScalarMultiply(terms.0, terms.1), ciphertext.c1[j - 1]))
        }
        let combined = G1Point.multiScalarMultiply(rec.rows.map { ciphertext.rows[$0] }, rec.coefficients)
        pairs.append((-combined, key.k1))
        return multiPairing(pairs)
    }

    public static func attributes(of key: UserKey) -> [Attribute] { key.order }
}

// MARK: - Encoding (compressed points; decoding checks curve and subgroup membership)

extension FABEO {
    public static func encode(publicKey: PublicKey) -> [UInt8] { publicKey.y.bytes() }

    public static func decodePublicKey(_ bytes: [UInt8]) throws(ABEError) -> PublicKey {
        let y: GT
        do { y = try GT(bytes: bytes) } catch { throw .malformed(part: "FABEO public key", problem: error.description) }
        try Degenerate.refuseIdentity(y, "FABEO public key e(g,h)^α")
        return PublicKey(y: y)
    }

    public static func encode(masterKey: MasterKey) -> [UInt8] { masterKey.alpha.bytes() }

    public static func decodeMasterKey(_ bytes: [UInt8]) throws(ABEError) -> MasterKey {
        let alpha: Scalar
        do { alpha = try Scalar(bytes: bytes) } catch { throw .malformed(part: "FABEO master key", problem: error.description) }
        try Degenerate.refuseZero(alpha, "FABEO master key α")
        return MasterKey(alpha: alpha)
    }

    public static func encode(userKey: UserKey) -> [UInt8] {
        var w = ByteWriter()
        w.raw(userKey.k1.compressed())
        w.raw(userKey.k2.compressed())
        w.u32(userKey.order.count)
        for attribute in userKey.order {
            w.string(attribute.description)
            w.raw(userKey.components[attribute]!.compressed)
        }
        return w.bytes
    }

    public static func decodeUserKey(_ bytes: [UInt8]) throws(ABEError) -> UserKey {
        var r = ByteReader(bytes)
        do {
            let k1 = try decodeG2(try r.take(96, "key K1"), "key K1")
            let k2 = try decodeG1(try r.take(48, "key K2"), "key K2")
            let count = try r.u32("key attribute count")
            // Each attribute takes at least 4 + 1 + 48 bytes.
            guard count <= ContainerLimits.maxKeyComponents, count * 53 <= r.remaining else {
                throw ABEError.malformed(part: "user key", problem: "\(count) attributes do not fit the \(r.remaining) bytes present (at most \(ContainerLimits.maxKeyComponents))")
            }
            var components = [Attribute: KeyPoint]()
            var order = [Attribute]()
            for _ in 0..<count {
                let text = try r.string("key attribute", limit: 4096)
                // Canonical text only (`clearance#b09=0` reads as bit 9 but would be
                // written `clearance#b9=0`): one encoding per key, as the fuzzer asks.
                guard let attribute = try? Attribute(parsing: text), attribute.description == text else {
                    throw ABEError.malformed(part: "user key", problem: "bad or non-canonical attribute \(DisplayText.escaped(text))")
                }
                guard components[attribute] == nil else { throw ABEError.malformed(part: "user key", problem: "attribute \(text) listed twice") }
                // Checked when a decryption uses it (`KeyPoint`); K1 and K2, used by every one, now.
                components[attribute] = try KeyPoint(encoded: try r.take(48, "key component"), part: "key component for \(text)")
                order.append(attribute)
            }
            try r.expectEnd("user key")
            return UserKey(k1: k1, k2: k2, components: components, order: order)
        } catch let e as ByteReaderError {
            throw e.abeError
        } catch let e as ABEError {
            throw e
        } catch {
            throw .malformed(part: "user key", problem: "\(error)")
        }
    }

    /// Ciphertexts are public: their points are declassified before encoding
    /// (they derive from the secret KEM seed, and encoding branches on them).
    public static func encode(ciphertext: Ciphertext) -> [UInt8] {
        var w = ByteWriter()
        w.u16(ciphertext.c1.count)
        w.raw(ConstantTime.declassify(ciphertext.c0).compressed())
        for c in ciphertext.c1 { w.raw(ConstantTime.declassify(c).compressed()) }
        w.u32(ciphertext.rows.count)
        for c in ciphertext.rows { w.raw(ConstantTime.declassify(c).compressed()) }
        return w.bytes
    }

    public static func decodeCiphertext(_ bytes: [UInt8]) throws(ABEError) -> Ciphertext {
        var r = ByteReader(bytes)
        do {
            let tau = try r.u16("KEM τ")
            guard tau >= 1, tau <= ContainerLimits.maxFABEORepetitions else {
                throw ABEError.malformed(part: "KEM", problem: "τ = \(tau) is outside 1…\(ContainerLimits.maxFABEORepetitions)")
            }
            guard r.remaining >= (1 + tau) * 96 + 4 else { throw ABEError.malformed(part: "KEM", problem: "shorter than its τ = \(tau) needs") }
            // Every length, count and point encoding first (flag bits, canonical
            // coordinates: no square root), then the points' curve and subgroup
            // checks, so that a structural fault in the last row costs no
            // decoding of the others.
            let c0Bytes = try r.take(96, "KEM C0")
            var c1Bytes = [[UInt8]]()
            for j in 0..<tau { c1Bytes.append(try r.take(96, "KEM C1,\(j + 1)")) }
            let n = try r.u32("KEM row count")
            guard n <= ContainerLimits.maxRows, n * 48 == r.remaining else {
                throw ABEError.malformed(part: "KEM", problem: "row count \(n) does not match the \(r.remaining) bytes present (at most \(ContainerLimits.maxRows) rows)")
            }
            var rowBytes = [[UInt8]]()
            rowBytes.reserveCapacity(n)
            for i in 0..<n { rowBytes.append(try r.take(48, "KEM row \(i + 1)")) }
            try r.expectEnd("KEM")
            try checkG2Structure(c0Bytes, "KEM C0")
            for (j, bytes) in c1Bytes.enumerated() { try checkG2Structure(bytes, "KEM C1,\(j + 1)") }
            for (i, bytes) in rowBytes.enumerated() { try checkG1Structure(bytes, "KEM row \(i + 1)") }
            // C0, the C1,j and the rows, in that order, in one pass over every core.
            let g2Count = 1 + c1Bytes.count
            let points = try decodeAll([c0Bytes] + c1Bytes + rowBytes) { i, bytes throws(ABEError) -> KEMPoint in
                switch i {
                case 0: .g2(try decodeG2(bytes, "KEM C0"))
                case ..<g2Count: .g2(try decodeG2(bytes, "KEM C1,\(i)"))
                default: .g1(try decodeG1(bytes, "KEM row \(i - g2Count + 1)"))
                }
            }
            return Ciphertext(c0: points[0].g2, c1: points[1..<g2Count].map(\.g2), rows: points[g2Count...].map(\.g1))
        } catch let e as ByteReaderError {
            throw e.abeError
        } catch let e as ABEError {
            throw e
        } catch {
            throw .malformed(part: "KEM", problem: "\(error)")
        }
    }
}

func decodeG1(_ bytes: [UInt8], _ part: String) throws(ABEError) -> G1Point {
    do { return try G1Point(compressed: bytes) } catch { throw .malformed(part: part, problem: error.description) }
}

/// `G1Point.checkCompressedStructure` with the decoders' error: the checks
/// of a compressed point that take no field arithmetic beyond a comparison.
func checkG1Structure(_ bytes: [UInt8], _ part: String) throws(ABEError) {
    do { try G1Point.checkCompressedStructure(bytes) } catch { throw .malformed(part: part, problem: error.description) }
}

func checkG2Structure(_ bytes: [UInt8], _ part: String) throws(ABEError) {
    do { try G2Point.checkCompressedStructure(bytes) } catch { throw .malformed(part: part, problem: error.description) }
}

func decodeG2(_ bytes: [UInt8], _ part: String) throws(ABEError) -> G2Point {
    do { return try G2Point(compressed: bytes) } catch { throw .malformed(part: part, problem: error.description) }
}
