import BLS12381
import VaultSupport

/// FAME CP-ABE (Agrawal–Chase, “FAME: Fast Attribute-based Message
/// Encryption”, CCS 2017, ePrint 2017/807, Section 3 with k = 2), the
/// standard-assumption (DLIN) alternative: three G1 elements per row and a
/// six-pairing product to decrypt. FAME assumes each attribute labels one
/// row, so repeated attributes use the copy encoding: the j-th occurrence of
/// y is the attribute (y, j), keys hold copies 1…k (k = the authority's reuse
/// bound) and a policy repeating an attribute more than k times is refused.
public enum FAME: CPABEScheme {
    public static let id = SchemeID.fame
    static let hasher = AttributeHasher(scheme: "FAME", purpose: "ATTRIBUTE")

    public struct PublicKey: Sendable {
        let h1: G2Point, h2: G2Point
        let t1: GT, t2: GT
        let t1Table: GTFixedBase, t2Table: GTFixedBase
        let h1Table: G2FixedBase, h2Table: G2FixedBase
        public let reuseBound: Int

        init(h1: G2Point, h2: G2Point, t1: GT, t2: GT, reuseBound: Int) {
            self.h1 = h1; self.h2 = h2; self.t1 = t1; self.t2 = t2; self.reuseBound = reuseBound
            t1Table = GTFixedBase(t1); t2Table = GTFixedBase(t2)
            h1Table = G2FixedBase(h1); h2Table = G2FixedBase(h2)
        }
    }

    public struct MasterKey: Sendable {
        let a1: Scalar, a2: Scalar, b1: Scalar, b2: Scalar
        let gd1: G1Point, gd2: G1Point, gd3: G1Point
    }

    public struct UserKey: Sendable {
        /// K0 = (h^β1, h^β2, h^β3).
        let k0: [G2Point]
        /// K' = (K'1, K'2, K'3).
        let kPrime: [G1Point]
        /// (K_{y,1}, K_{y,2}, K_{y,3}) for each attribute copy (y, c), c = 1…k.
        /// Decoded and checked when a decryption uses them (`KeyPoint`).
        let components: [AttributeCopy: [KeyPoint]]
        let order: [Attribute]
        let reuseBound: Int
    }

    struct AttributeCopy: Hashable, Sendable { let attribute: Attribute; let copy: Int }

    public struct Ciphertext: Sendable, Equatable {
        /// (H1^s1, H2^s2, h^(s1+s2)).
        let c0: [G2Point]
        /// (C_{i,1}, C_{i,2}, C_{i,3}) for each row.
        let rows: [[G1Point]]

        /// Point by point, each result declassified (see FABEO.Ciphertext).
        public static func == (a: Ciphertext, b: Ciphertext) -> Bool {
            a.c0.count == b.c0.count && a.rows.count == b.rows.count
                && zip(a.c0, b.c0).allSatisfy { ConstantTime.declassify($0 == $1) }
                && zip(a.rows, b.rows).allSatisfy { pair in
                    pair.0.count == pair.1.count && zip(pair.0, pair.1).allSatisfy { ConstantTime.declassify($0 == $1) }
                }
        }
    }

    /// H(y, l, t) for attribute copy y, and H(0, j, l, t) for column j.
    static func attributeHash(_ copy: AttributeCopy, _ l: Int, _ t: Int) -> G1Point {
        hasher.hash(AttributeHasher.attributeLabel(copy.attribute, [UInt8(copy.copy >> 8), UInt8(copy.copy & 0xff), UInt8(l), UInt8(t)]))
    }
    static func columnHash(_ j: Int, _ l: Int, _ t: Int) -> G1Point {
        hasher.hash(AttributeHasher.reservedLabel([UInt8(j >> 24), UInt8((j >> 16) & 0xff), UInt8((j >> 8) & 0xff), UInt8(j & 0xff), UInt8(l), UInt8(t)]))
    }

    public static func setup(reuseBound: Int) -> (PublicKey, MasterKey) {
        let a1 = Scalar.random(), a2 = Scalar.random(), b1 = Scalar.random(), b2 = Scalar.random()
        let d1 = Scalar.random(), d2 = Scalar.random(), d3 = Scalar.random()
        let e = pairing(.generator, .generator)
        let publicKey = PublicKey(h1: G2Point.generatorMultiple(a1), h2: G2Point.generatorMultiple(a2),
                                  t1: e.power(d1 * a1 + d3), t2: e.power(d2 * a2 + d3), reuseBound: min(ContainerLimits.maxReuseBound, max(1, reuseBound)))
        let masterKey = MasterKey(a1: a1, a2: a2, b1: b1, b2: b2, gd1: G1Point.generatorMultiple(d1),
                                  gd2: G1Point.generatorMultiple(d2), gd3: G1Point.generatorMultiple(d3))
        return (publicKey, masterKey)
    }

    public static func keyGen(publicKey: PublicKey, masterKey: MasterKey, attributes: [Attribute],
                              randomness: inout some ScalarSource) -> UserKey {
        let r1 = randomness.next(), r2 = randomness.next()
        let beta = [masterKey.b1 * r1, masterKey.b2 * r2, r1 + r2]
        let aInverse = [masterKey.a1.invertedOrZero(), masterKey.a2.invertedOrZero()]
        let k0 = beta.map { G2Point.generatorMultiple($0) }
        // Π_l H_l^(β_l / a_t) · g^(σ / a_t) for t = 1, 2, and g^(−σ).
        func triple(_ hashes: (Int, Int) -> G1Point, sigma: Scalar, extra: [G1Point]) -> [G1Point] {
            var out = [G1Point]()
            for t in 1...2 {
                var acc = G1Point.generatorMultiple(sigma * aInverse[t - 1])
                for l in 1...3 { acc += hashes(l, t) * (beta[l - 1] * aInverse[t - 1]) }
                out.append(acc + extra[t - 1])
            }
            out.append(G1Point.generatorMultiple(-sigma) + extra[2])
            return out
        }
        let order = Array(Set(attributes)).sorted()
        var components = [AttributeCopy: [KeyPoint]]()
        for attribute in order {
            for copy in 1...publicKey.reuseBound {
                let y = AttributeCopy(attribute: attribute, copy: copy)
                components[y] = triple({ attributeHash(y, $0, $1) }, sigma: randomness.next(), extra: [.identity, .identity, .identity]).map(KeyPoint.init)
            }
        }
        let kPrime = triple({ columnHash(1, $0, $1) }, sigma: randomness.next(), extra: [masterKey.gd1, masterKey.gd2, masterKey.gd3])
        return UserKey(k0: k0, kPrime: kPrime, components: components, order: order, reuseBound: publicKey.reuseBound)
    }

    public static func encrypt(publicKey: PublicKey, matrix: LSSSMatrix, randomness: inout some ScalarSource,
                               withSessionKey: Bool) throws(ABEError) -> (Ciphertext, GT?) {
        if matrix.maxOccurrence > publicKey.reuseBound {
            let index = matrix.occurrences.firstIndex(of: matrix.maxOccurrence) ?? 0
            throw .policyTooRepetitive(attribute: matrix.rowAttributes[index].description,
                                       occurrences: matrix.maxOccurrence, bound: publicKey.reuseBound)
        }
        let s = [randomness.next(), randomness.next()]
        let c0 = [publicKey.h1Table.multiply(s[0]), publicKey.h2Table.multiply(s[1]), G2Point.generatorMultiple(s[0] + s[1])]
        var rows = [[G1Point]]()
        for i in 0..<matrix.rowCount {
            let y = AttributeCopy(attribute: matrix.rowAttributes[i], copy: matrix.occurrences[i])
            var triple = [G1Point]()
            for l in 1...3 {
                var acc = G1Point.identity
                for t in 1...2 {
                    // H(y, l, t) · Π_j H(0, j, l, t)^M_ij: public bases and small public exponents.
                    let cells = matrix.sparseRows[i]
                    let base = attributeHash(y, l, t) + G1Point.multiScalarMultiply(
                        cells.map { columnHash($0.column + 1, l, t) }, cells.map { $0.entry.scalar })
                    acc += base * s[t - 1]
                }
                triple.append(acc)
            }
            rows.append(triple)
        }
        let key = withSessionKey ? publicKey.t1Table.power(s[0]) * publicKey.t2Table.power(s[1]) : nil
        return (Ciphertext(c0: c0, rows: rows), key)
    }

    public static func decrypt(publicKey: PublicKey, key: UserKey, matrix: LSSSMatrix,
                               ciphertext: Ciphertext) throws(ABEError) -> GT {
        guard ciphertext.rows.count == matrix.rowCount else {
            throw .malformed(part: "KEM", problem: "the ciphertext does not match its policy's matrix")
        }
        if matrix.maxOccurrence > key.reuseBound {
            let index = matrix.occurrences.firstIndex(of: matrix.maxOccurrence) ?? 0
            throw .policyTooRepetitive(attribute: matrix.rowAttributes[index].description,
                                       occurrences: matrix.maxOccurrence, bound: key.reuseBound)
        }
        guard let rec = matrix.reconstruction(for: Set(key.order)) else {
            throw .policyNotSatisfied(needed: matrix.formula.canonicalText)
        }
        var pairs = [(G1Point, G2Point)]()
        for l in 0..<3 {
            var keyPoints = [key.kPrime[l]], keyScalars = [Scalar.one]
            for (index, attribute) in rec.attributes.enumerated() {
                guard let triple = key.components[AttributeCopy(attribute: attribute, copy: rec.occurrences[index])] else {
                    throw .policyNotSatisfied(needed: matrix.formula.canonicalText)
                }
                keyPoints.append(try triple[l].point("key component \(l + 1) for \(attribute) copy \(rec.occurrences[index])"))
                keyScalars.append(rec.coefficients[index])
            }
            pairs.append((G1Point.multiScalarMultiply(keyPoints, keyScalars), ciphertext.c0[l]))
            let combined = G1Point.multiScalarMultiply(rec.rows.map { ciphertext.rows[$0][l] }, rec.coefficients)
            pairs.append((-combined, key.k0[l]))
        }
        return multiPairing(pairs)
    }

    public static func attributes(of key: UserKey) -> [Attribute] { key.order }
}

// MARK: - Encoding

extension FAME {
    public static func encode(publicKey: PublicKey) -> [UInt8] {
        var w = ByteWriter()
        w.raw(publicKey.h1.compressed()); w.raw(publicKey.h2.compressed())
        w.raw(publicKey.t1.bytes()); w.raw(publicKey.t2.bytes())
        w.u16(publicKey.reuseBound)
        return w.bytes
    }

    public static func decodePublicKey(_ bytes: [UInt8]) throws(ABEError) -> PublicKey {
        var r = ByteReader(bytes)
        do {
            let h1 = try decodeG2(try r.take(96, "FAME public key H1"), "FAME public key H1")
            let h2 = try decodeG2(try r.take(96, "FAME public key H2"), "FAME public key H2")
            let t1 = try decodeGT(try r.take(576, "FAME public key T1"), "FAME public key T1")
            let t2 = try decodeGT(try r.take(576, "FAME public key T2"), "FAME public key T2")
            let bound = try r.u16("FAME reuse bound")
            guard bound >= 1, bound <= ContainerLimits.maxReuseBound else {
                throw ABEError.malformed(part: "FAME public key", problem: "reuse bound \(bound) is outside 1…\(ContainerLimits.maxReuseBound)")
            }
            try r.expectEnd("FAME public key")
            try Degenerate.refuseIdentity(t1, "FAME public key T1")
            try Degenerate.refuseIdentity(t2, "FAME public key T2")
            return PublicKey(h1: h1, h2: h2, t1: t1, t2: t2, reuseBound: bound)
        } catch let e as ByteReaderError { throw e.abeError } catch let e as ABEError { throw e } catch { throw .malformed(part: "FAME public key", problem: "\(error)") }
    }

    public static func encode(masterKey: MasterKey) -> [UInt8] {
        masterKey.a1.bytes() + masterKey.a2.bytes() + masterKey.b1.bytes() + masterKey.b2.bytes()
            + masterKey.gd1.compressed() + masterKey.gd2.compressed() + masterKey.gd3.compressed()
    }

    public static func decodeMasterKey(_ bytes: [UInt8]) throws(ABEError) -> MasterKey {
        var r = ByteReader(bytes)
        do {
            var scalars = [Scalar]()
            for name in ["a1", "a2", "b1", "b2"] {
                do { scalars.append(try Scalar(bytes: try r.take(32, "FAME master key \(name)"))) } catch let e as EncodingError {
                    throw ABEError.malformed(part: "FAME master key \(name)", problem: e.description)
                }
            }
            var g = [G1Point]()
            for i in 1...3 { g.append(try decodeG1(try r.take(48, "FAME master key g^d\(i)"), "FAME master key g^d\(i)")) }
            try r.expectEnd("FAME master key")
            for (scalar, name) in zip(scalars, ["a1", "a2", "b1", "b2"]) { try Degenerate.refuseZero(scalar, "FAME master key \(name)") }
            return MasterKey(a1: scalars[0], a2: scalars[1], b1: scalars[2], b2: scalars[3], gd1: g[0], gd2: g[1], gd3: g[2])
        } catch let e as ByteReaderError { throw e.abeError } catch let e as ABEError { throw e } catch { throw .malformed(part: "FAME master key", problem: "\(error)") }
    }

    public static func encode(userKey: UserKey) -> [UInt8] {
        var w = ByteWriter()
        w.u16(userKey.reuseBound)
        for p in userKey.k0 { w.raw(p.compressed()) }
        for p in userKey.kPrime { w.raw(p.compressed()) }
        w.u32(userKey.order.count)
        for attribute in userKey.order {
            w.string(attribute.description)
            for copy in 1...userKey.reuseBound {
                for p in userKey.components[AttributeCopy(attribute: attribute, copy: copy)]! { w.raw(p.compressed) }
            }
        }
        return w.bytes
    }

    public static func decodeUserKey(_ bytes: [UInt8]) throws(ABEError) -> UserKey {
        var r = ByteReader(bytes)
        do {
            let bound = try r.u16("key reuse bound")
            guard bound >= 1, bound <= ContainerLimits.maxReuseBound else {
                throw ABEError.malformed(part: "user key", problem: "reuse bound \(bound) is outside 1…\(ContainerLimits.maxReuseBound)")
            }
            var k0 = [G2Point](), kPrime = [G1Point]()
            for l in 1...3 { k0.append(try decodeG2(try r.take(96, "key K0,\(l)"), "key K0,\(l)")) }
            for l in 1...3 { kPrime.append(try decodeG1(try r.take(48, "key K'\(l)"), "key K'\(l)")) }
            let count = try r.u32("key attribute count")
            guard count * bound <= ContainerLimits.maxKeyComponents, count * (5 + 144 * bound) <= r.remaining else {
                throw ABEError.malformed(part: "user key", problem: "\(count) attributes × \(bound) copies do not fit the \(r.remaining) bytes present (at most \(ContainerLimits.maxKeyComponents) copies)")
            }
            var components = [AttributeCopy: [KeyPoint]](), order = [Attribute]()
            for _ in 0..<count {
                let text = try r.string("key attribute", limit: 4096)
                // Canonical text only, as in FABEO's key decoder.
                guard let attribute = try? Attribute(parsing: text), attribute.description == text, !order.contains(attribute) else {
                    throw ABEError.malformed(part: "user key", problem: "bad, non-canonical or repeated attribute \(DisplayText.escaped(text))")
                }
                for copy in 1...bound {
                    // Checked when a decryption uses them (`KeyPoint`).
                    var triple = [KeyPoint]()
                    for _ in 1...3 { triple.append(try KeyPoint(encoded: try r.take(48, "key component"), part: "key component for \(text)")) }
                    components[AttributeCopy(attribute: attribute, copy: copy)] = triple
                }
                order.append(attribute)
            }
            try r.expectEnd("user key")
            return UserKey(k0: k0, kPrime: kPrime, components: components, order: order, reuseBound: bound)
        } catch let e as ByteReaderError { throw e.abeError } catch let e as ABEError { throw e } catch { throw .malformed(part: "user key", problem: "\(error)") }
    }

    /// Ciphertexts are public: points declassified before encoding (see FABEO).
    public static func encode(ciphertext: Ciphertext) -> [UInt8] {
        var w = ByteWriter()
        for p in ciphertext.c0 { w.raw(ConstantTime.declassify(p).compressed()) }
        w.u32(ciphertext.rows.count)
        for triple in ciphertext.rows { for p in triple { w.raw(ConstantTime.declassify(p).compressed()) } }
        return w.bytes
    }

    public static func decodeCiphertext(_ bytes: [UInt8]) throws(ABEError) -> Ciphertext {
        var r = ByteReader(bytes)
        do {
            // Every length, count and point encoding first, then the points'
            // curve and subgroup checks (as FABEO's decoder).
            var c0Bytes = [[UInt8]]()
            for l in 1...3 { c0Bytes.append(try r.take(96, "KEM C0,\(l)")) }
            let n = try r.u32("KEM row count")
            guard n <= ContainerLimits.maxRows, n * 144 == r.remaining else {
                throw ABEError.malformed(part: "KEM", problem: "row count \(n) does not match the \(r.remaining) bytes present (at most \(ContainerLimits.maxRows) rows)")
            }
            var rowBytes = [[UInt8]]()
            rowBytes.reserveCapacity(3 * n)
            for i in 0..<n { for _ in 1...3 { rowBytes.append(try r.take(48, "KEM row \(i + 1)")) } }
            try r.expectEnd("KEM")
            for (l, bytes) in c0Bytes.enumerated() { try checkG2Structure(bytes, "KEM C0,\(l + 1)") }
            for (k, bytes) in rowBytes.enumerated() { try checkG1Structure(bytes, "KEM row \(k / 3 + 1)") }
            // C0's three points, then the rows, in one pass over every core.
            let points = try decodeAll(c0Bytes + rowBytes) { i, bytes throws(ABEError) -> KEMPoint in
                i < 3 ? .g2(try decodeG2(bytes, "KEM C0,\(i + 1)")) : .g1(try decodeG1(bytes, "KEM row \((i - 3) / 3 + 1)"))
            }
            let rows = (0..<n).map { row in (0..<3).map { points[3 + 3 * row + $0].g1 } }
            return Ciphertext(c0: points[0..<3].map(\.g2), rows: rows)
        } catch let e as ByteReaderError { throw e.abeError } catch let e as ABEError { throw e } catch { throw .malformed(part: "KEM", problem: "\(error)") }
    }
}

func decodeGT(_ bytes: [UInt8], _ part: String) throws(ABEError) -> GT {
    do { return try GT(bytes: bytes) } catch { throw .malformed(part: part, problem: error.description) }
}
