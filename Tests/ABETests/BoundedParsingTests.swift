import BLS12381
import Foundation
import Testing
@testable import ABE

/// Counts and sizes are checked against the limits of docs/ABE.md before
/// any point is decoded or any policy parsed (issue 12).
@Suite struct BoundedParsingTests {
    static let options = ContainerLimits.storedPolicyOptions

    func header(of container: [UInt8]) throws -> (ContainerHeader, rest: [UInt8]) {
        var r = ByteReader(container)
        let header = try ContainerHeader.decode(&r)
        return (header, Array(container[r.offset...]))
    }

    @Test func aKEMWhoseSizeDoesNotFitItsPolicyIsRefusedBeforeDecoding() throws {
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        let sealed = try RecordContainer.seal([1], publicParameters: pp, policy: try Policy(parsing: "role:nurse", options: Fixtures.options))
        let (h, rest) = try header(of: sealed)
        // 700 copies of the genuine row (within the KEM size limit): every
        // point valid, the count wrong for a one-row policy.
        var kem = ByteWriter()
        kem.raw(h.kem[0..<(2 + 192)]); kem.u32(700)
        for _ in 0..<700 { kem.raw(h.kem[(2 + 192 + 4)..<(2 + 192 + 4 + 48)]) }
        kem.raw(h.kem.suffix(32))
        let forged = ContainerHeader(scheme: .fabeo, authorityFingerprint: pp.fingerprint, storedPolicy: h.storedPolicy,
                                     writtenPolicy: nil, kem: kem.bytes).encoded() + rest
        #expect {
            _ = try RecordContainer.open(forged, key: key)
        } throws: { error in
            "\(error)".contains("the policy's 1 rows need \(h.kem.count)")
        }
    }

    /// The `length` bytes at `offset` altered in their last byte into a
    /// point of the curve outside the subgroup, as `decode` judges it: only
    /// the subgroup test refuses it.
    func outsideSubgroup(_ bytes: [UInt8], at offset: Int, length: Int,
                         _ decode: (ArraySlice<UInt8>) throws(EncodingError) -> Void) throws -> [UInt8] {
        for delta in UInt8(1)...UInt8(255) {
            var candidate = bytes
            candidate[offset + length - 1] ^= delta
            do throws(EncodingError) { try decode(candidate[offset..<(offset + length)]) } catch {
                if case .notInSubgroup = error { return candidate }
            }
        }
        throw ABEError.malformed(part: "test", problem: "no alteration onto the curve outside the subgroup found")
    }

    /// A G1 point (48 bytes at `offset`) on the curve outside G1.
    func outsideG1(_ bytes: [UInt8], at offset: Int) throws -> [UInt8] {
        try outsideSubgroup(bytes, at: offset, length: 48) { bytes throws(EncodingError) in _ = try G1Point(compressed: bytes) }
    }

    /// A G2 point (96 bytes at `offset`) on the twist outside G2.
    func outsideG2(_ bytes: [UInt8], at offset: Int) throws -> [UInt8] {
        try outsideSubgroup(bytes, at: offset, length: 96) { bytes throws(EncodingError) in _ = try G2Point(compressed: bytes) }
    }

    /// Every row's encoding (flag bits, canonical x) is checked before any
    /// row is decoded: with row 1 on the curve outside G1 and the last row's
    /// compressed flag cleared, the refusal names the last row's flags, not
    /// row 1's subgroup, and the rows between are never decoded.
    @Test(arguments: [SchemeID.fabeo, .fame])
    func aStructuralFaultInTheLastRowIsFoundBeforeAnyRowIsDecoded(scheme: SchemeID) throws {
        let (pp, _) = Authorities.of(scheme)
        let key = Authorities.key(scheme, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        let policy = try Policy(parsing: "role:nurse OR role:doctor OR role:clerk", options: Self.options)
        let (h, rest) = try header(of: try RecordContainer.seal([1], publicParameters: pp, policy: policy))
        // FABEO: τ, C0, C1 (τ = 1), the row count, 48 bytes per row, the seed mask;
        // FAME: C0 (three G2 points), the row count, 144 bytes per row, the seed mask.
        let firstRow = scheme == .fabeo ? 2 + 96 + 96 + 4 : 3 * 96 + 4
        let lastPoint = h.kem.count - 32 - 48
        func container(_ kem: [UInt8]) -> [UInt8] {
            ContainerHeader(scheme: scheme, authorityFingerprint: pp.fingerprint, storedPolicy: h.storedPolicy,
                            writtenPolicy: nil, kem: kem).encoded() + rest
        }
        let badFirst = try outsideG1(h.kem, at: firstRow)
        #expect { _ = try RecordContainer.open(container(badFirst), key: key) } throws: { error in
            guard case ContainerError.abe(.malformed(part: "KEM row 1", problem: EncodingError.notInSubgroup.description)) = error else { return false }
            return true
        }
        var both = badFirst
        both[lastPoint] &= ~0x80
        #expect { _ = try RecordContainer.open(container(both), key: key) } throws: { error in
            guard case ContainerError.abe(.malformed(part: "KEM row 3", problem: EncodingError.badFlags.description)) = error else { return false }
            return true
        }
        // Likewise an x not below p in the last row (all ones under the flags).
        var unreduced = badFirst
        for i in lastPoint..<(lastPoint + 48) { unreduced[i] = i == lastPoint ? 0x9f : 0xff }
        #expect { _ = try RecordContainer.open(container(unreduced), key: key) } throws: { error in
            guard case ContainerError.abe(.malformed(part: "KEM row 3", problem: EncodingError.coordinateNotCanonical.description)) = error else { return false }
            return true
        }
    }

    @Test func headerFieldsOverTheirLimitsAreRefusedUnread() throws {
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        var w = ByteWriter()
        w.raw(ContainerHeader.magic); w.raw([1, 1, 1, 0]); w.raw(pp.fingerprint)
        w.u32(ContainerLimits.maxPolicyBytes + 1)
        #expect { _ = try RecordContainer.open(w.bytes, key: key) } throws: { "\($0)".contains("exceeds the limit of \(ContainerLimits.maxPolicyBytes)") }
        var k = ByteWriter()
        k.raw(ContainerHeader.magic); k.raw([1, 1, 1, 0]); k.raw(pp.fingerprint); k.string("a"); k.string("")
        k.u32(ContainerLimits.maxKEMBytes + 1)
        #expect { _ = try RecordContainer.open(k.bytes, key: key) } throws: { "\($0)".contains("exceeds the limit of \(ContainerLimits.maxKEMBytes)") }
        // Version 2: the binary policy and the KEM, each within its limit.
        var v2 = ByteWriter()
        v2.raw(ContainerHeader.magic); v2.raw([2, 1, 1, 0]); v2.raw(pp.fingerprint)
        v2.u32(ContainerLimits.maxPolicyBytes + 1)
        #expect { _ = try RecordContainer.open(v2.bytes, key: key) } throws: { "\($0)".contains("exceeds the limit of \(ContainerLimits.maxPolicyBytes)") }
        var v2kem = ByteWriter()
        v2kem.raw(ContainerHeader.magic); v2kem.raw([2, 1, 1, 0]); v2kem.raw(pp.fingerprint); v2kem.field([0x40])
        v2kem.u32(ContainerLimits.maxKEMBytes + 1)
        #expect { _ = try RecordContainer.open(v2kem.bytes, key: key) } throws: { "\($0)".contains("exceeds the limit of \(ContainerLimits.maxKEMBytes)") }
        // Version 2 has no flags.
        var flagged = ByteWriter()
        flagged.raw(ContainerHeader.magic); flagged.raw([2, 1, 1, 1]); flagged.raw(pp.fingerprint); flagged.field([0x40]); flagged.field([])
        #expect { _ = try RecordContainer.open(flagged.bytes + [UInt8](repeating: 0, count: 40), key: key) } throws: { "\($0)".contains("unknown flag bits") }
    }

    @Test func theKEMLimitFitsTheLargestPolicies() {
        let rows = ContainerLimits.maxRows
        #expect(CiphertextSize.kemBytes(scheme: .fabeo, rows: rows, maxOccurrence: ContainerLimits.maxFABEORepetitions) <= ContainerLimits.maxKEMBytes)
        #expect(CiphertextSize.kemBytes(scheme: .fame, rows: rows, maxOccurrence: 1) <= ContainerLimits.maxKEMBytes)
    }

    /// FABEO's τ (one G2 point per use of the most repeated attribute) is
    /// bounded on both sides: sealing refuses one use over the limit, naming
    /// the attribute, and opening refuses a KEM that declares more.
    @Test func fabeoRefusesAnAttributeUsedMoreOftenThanItsLimit() throws {
        let (pp, _) = Authorities.fabeo
        let limit = ContainerLimits.maxFABEORepetitions
        func policy(repeating count: Int) throws -> Policy {
            try Policy(parsing: (1...count).map { "(role:nurse AND ward:w\($0))" }.joined(separator: " OR "), options: .freeForm)
        }
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse, ward:w1", options: .freeForm))
        let atLimit = try RecordContainer.seal([5], publicParameters: pp, policy: try policy(repeating: limit))
        #expect(try RecordContainer.open(atLimit, key: key) == [5])
        #expect { _ = try RecordContainer.seal([5], publicParameters: pp, policy: try policy(repeating: limit + 1)) } throws: { error in
            guard case ContainerError.abe(.repetitionOverLimit(attribute: "role:nurse", occurrences: limit + 1, limit: limit)) = error else { return false }
            return true
        }
        // A KEM declaring τ = limit + 1 under a policy that needs 1: refused by its τ.
        let (h, rest) = try header(of: try RecordContainer.seal([5], publicParameters: pp, policy: try Policy(parsing: "role:nurse", options: .freeForm)))
        var kem = ByteWriter()
        kem.u16(limit + 1)
        kem.raw([UInt8](repeating: 0, count: 96 * (limit + 2) + 4 + 48 + 32))
        #expect {
            _ = try FABEO.decodeCiphertext(Array(kem.bytes.dropLast(32)))
        } throws: { "\($0)".contains("τ = \(limit + 1) is outside 1…\(limit)") }
        let forged = ContainerHeader(scheme: .fabeo, authorityFingerprint: pp.fingerprint, storedPolicy: h.storedPolicy,
                                     writtenPolicy: nil, kem: kem.bytes).encoded() + rest
        #expect(throws: ContainerError.self) { try RecordContainer.open(forged, key: key) }
    }

    /// A policy of more rows than `maxRows` is refused when sealing, for both schemes.
    @Test(arguments: [SchemeID.fabeo, .fame])
    func sealingRefusesMoreRowsThanTheLimit(scheme: SchemeID) throws {
        let (pp, _) = Authorities.of(scheme)
        let wide = (0...ContainerLimits.maxRows).map { "a\($0)" }.joined(separator: " OR ")
        #expect { _ = try RecordContainer.seal([1], publicParameters: pp, policy: try Policy(parsing: wide, options: .freeForm)) } throws: { error in
            "\(error)".contains("the limit is \(ContainerLimits.maxRows)")
        }
    }

    /// A record sealed under a flat OR of `rows` attributes, to open again
    /// with its KEM altered: which part a refusal names.
    struct FlatOrRecord {
        let scheme: SchemeID
        let publicParameters: PublicParameters
        let key: UserSecretKey
        let header: ContainerHeader
        let rest: [UInt8]
        /// Where the rows start in the KEM (FABEO: τ, C0, C1,1 and the row
        /// count before them; FAME: C0,1…3 and the row count), and each row's size.
        var firstRow: Int { scheme == .fabeo ? 2 + 96 + 96 + 4 : 3 * 96 + 4 }
        var rowBytes: Int { scheme == .fabeo ? 48 : 144 }

        func container(_ kem: [UInt8]) -> [UInt8] {
            ContainerHeader(scheme: scheme, authorityFingerprint: publicParameters.fingerprint, storedPolicy: header.storedPolicy,
                            writtenPolicy: nil, kem: kem).encoded() + rest
        }

        /// The part the refusal names, its whole text if it names none, nil if it opens.
        func refusal(_ kem: [UInt8]) -> String? {
            do { _ = try RecordContainer.open(container(kem), key: key); return nil } catch {
                guard case ContainerError.abe(.malformed(let part, _)) = error else { return "\(error)" }
                return part
            }
        }
    }

    /// Seals [1] under a0 OR … OR a(rows − 1), for a key holding a0.
    func flatOrRecord(_ scheme: SchemeID, rows: Int) throws -> FlatOrRecord {
        let (pp, _) = Authorities.of(scheme)
        let policy = try Policy(parsing: (0..<rows).map { "a\($0)" }.joined(separator: " OR "), options: .freeForm)
        let (h, rest) = try header(of: try RecordContainer.seal([1], publicParameters: pp, policy: policy))
        return FlatOrRecord(scheme: scheme, publicParameters: pp, key: Authorities.key(scheme, try AttributeSet(parsing: "a0", options: .freeForm)),
                            header: h, rest: rest)
    }

    /// Rows are decoded on several threads; the refusal is still the one
    /// the row order gives: with rows 20 and 200 both outside G1 it names
    /// row 20, with only row 200, row 200.
    @Test(arguments: [SchemeID.fabeo, .fame])
    func theFirstBadRowIsTheOneNamedWhateverThreadFindsIt(scheme: SchemeID) throws {
        let record = try flatOrRecord(scheme, rows: 240)
        let (kem, firstRow, rowBytes) = (record.header.kem, record.firstRow, record.rowBytes)
        let late = try outsideG1(kem, at: firstRow + 199 * rowBytes)
        #expect(record.refusal(late) == "KEM row 200")
        #expect(record.refusal(try outsideG1(late, at: firstRow + 19 * rowBytes)) == "KEM row 20")
        #expect(try RecordContainer.open(record.container(kem), key: record.key) == [1])
    }

    /// The G2 points share the rows' pass and come first in its order: a
    /// bad C0 (FABEO: or C1,1) is named before a bad row, whichever core
    /// decodes which.
    @Test(arguments: [SchemeID.fabeo, .fame])
    func aBadG2PointIsNamedBeforeABadRow(scheme: SchemeID) throws {
        let record = try flatOrRecord(scheme, rows: 40)
        // FABEO's C0 follows τ (2 bytes); FAME's C0,1 opens the KEM. Each G2 point is 96 bytes.
        let c0 = scheme == .fabeo ? 2 : 0
        let badRow = try outsideG1(record.header.kem, at: record.firstRow + 30 * record.rowBytes)
        #expect(record.refusal(badRow) == "KEM row 31")
        #expect(record.refusal(try outsideG2(badRow, at: c0)) == (scheme == .fabeo ? "KEM C0" : "KEM C0,1"))
        #expect(record.refusal(try outsideG2(badRow, at: c0 + 96)) == (scheme == .fabeo ? "KEM C1,1" : "KEM C0,2"))
    }

    /// Stored policy text is bit-level and longer than what was written; it
    /// used to be read back with the 16,384-character limit for written text,
    /// so records under such policies could not be opened.
    @Test func aLongCompiledPolicyStillOpens() throws {
        let keys = (0..<8).map { "numeric_attribute_with_a_rather_long_name_that_makes_each_compiled_bit_attribute_long_\($0)" }
        let written = keys.map { "\($0) >= 1000" }.joined(separator: " OR ")
        let policy = try Policy(parsing: written, options: .freeForm)
        #expect(written.count <= PolicyLimits.standard.maxCharacters)
        #expect(policy.compiledText.count > PolicyLimits.standard.maxCharacters)
        #expect(policy.compiledText.utf8.count <= ContainerLimits.maxPolicyBytes)
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "\(keys[3])=4000", options: .freeForm))
        let sealed = try RecordContainer.seal([7], publicParameters: pp, policy: policy)
        #expect(try RecordContainer.open(sealed, key: key) == [7])
    }

    @Test func oversizedArmourIsRefusedUnread() {
        let text = String(repeating: "A", count: ContainerLimits.maxArmoredBytes + 1)
        #expect { _ = try Armor.decode(text) } throws: { "\($0)".contains("exceed the limit") }
    }

    @Test func userKeysDeclaringTooMuchAreRefused() throws {
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        var forged = ByteWriter()
        forged.raw(key.encodedSchemeKey.prefix(144)); forged.u32(ContainerLimits.maxKeyComponents + 1)
        forged.raw([UInt8](repeating: 0, count: 60 * (ContainerLimits.maxKeyComponents + 1)))
        #expect { _ = try FABEO.decodeUserKey(forged.bytes) } throws: { "\($0)".contains("at most \(ContainerLimits.maxKeyComponents)") }

        let fame = Authorities.key(.fame, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        var body = fame.encodedSchemeKey
        body[0] = 0; body[1] = UInt8(ContainerLimits.maxReuseBound + 1)
        #expect { _ = try FAME.decodeUserKey(body) } throws: { "\($0)".contains("reuse bound \(ContainerLimits.maxReuseBound + 1) is outside") }
    }

    /// Where the key file holds the component points of `attribute`: just
    /// after its u32-prefixed name, which must occur once.
    private func componentOffset(_ file: [UInt8], _ attribute: String) throws -> Int {
        let name = Array(attribute.utf8)
        let pattern = [0, 0, 0, UInt8(name.count)] + name
        let starts = (0...(file.count - pattern.count)).filter { Array(file[$0..<($0 + pattern.count)]) == pattern }
        try #require(starts.count == 1)
        return starts[0] + pattern.count
    }

    /// Issue 12: a key's components are decoded and subgroup-checked when a
    /// decryption uses them, not all when the file is read (a FAME key of
    /// 512 copies took 180 ms to refuse for its last point). An altered
    /// component no decryption uses changes nothing; one that is used is
    /// refused, naming it; bad flag bits are refused on reading.
    @Test(arguments: [SchemeID.fabeo, .fame])
    func keyComponentsAreCheckedWhenUsed(_ scheme: SchemeID) throws {
        let (pp, _) = Authorities.of(scheme)
        let key = Authorities.key(scheme, try AttributeSet(parsing: "role:nurse, hospital:A", options: Fixtures.options))
        let file = KeyFile.encode(key)
        // FABEO: K_y; FAME: the third point of copy 1.
        let point = try componentOffset(file, "hospital:A") + (scheme == .fabeo ? 0 : 96)
        var altered = file
        altered[point + 47] ^= 1
        let read = try KeyFile.decodeUserKey(altered)  // before issue 12's change: refused here

        let forNurses = try RecordContainer.seal([1], publicParameters: pp, policy: try Policy(parsing: "role:nurse", options: Fixtures.options))
        #expect(try RecordContainer.open(forNurses, key: read) == [1])
        let forA = try RecordContainer.seal([2], publicParameters: pp, policy: try Policy(parsing: "hospital:A", options: Fixtures.options))
        #expect(try RecordContainer.open(forA, key: key) == [2])
        #expect { _ = try RecordContainer.open(forA, key: read) } throws: { error in
            "\(error)".contains("key component") && "\(error)".contains("hospital:A")
        }

        var flags = file
        flags[point] = 0x40  // the identity flag
        #expect { _ = try KeyFile.decodeUserKey(flags) } throws: { error in
            "\(error)".contains("key component for hospital:A") && "\(error)".contains("infinity flags")
        }
        #expect(KeyFile.encode(try KeyFile.decodeUserKey(file)) == file, "read components are written back as read")
    }

    /// Found by the keys fuzzer once reading keys got fast: `clearance#b09=0`
    /// read as bit 9 and was written back as `clearance#b9=0`. A key's
    /// attribute names must be in canonical form (one encoding per key).
    @Test(arguments: [SchemeID.fabeo, .fame])
    func keyAttributesMustBeCanonical(_ scheme: SchemeID) throws {
        let key = Authorities.key(scheme, try AttributeSet(parsing: "role:nurse, clearance=3", options: .freeForm))
        let body = key.encodedSchemeKey
        let canonical: [UInt8] = [0, 0, 0, 14] + Array("clearance#b9=0".utf8)
        let start = try #require((0...(body.count - canonical.count)).first { Array(body[$0..<($0 + canonical.count)]) == canonical })
        let padded = Array(body[..<start]) + [0, 0, 0, 15] + Array("clearance#b09=0".utf8) + Array(body[(start + canonical.count)...])
        func decode(_ bytes: [UInt8]) throws { if scheme == .fabeo { _ = try FABEO.decodeUserKey(bytes) } else { _ = try FAME.decodeUserKey(bytes) } }
        try decode(body)
        #expect { try decode(padded) } throws: { "\($0)".contains("non-canonical") && "\($0)".contains("clearance#b09=0") }
    }

    @Test func keysOverTheComponentLimitAreNotIssued() throws {
        let (pp, ms) = Authorities.fabeo
        let many = try AttributeSet(parsing: (0...ContainerLimits.maxKeyComponents).map { "a\($0)" }.joined(separator: ", "), options: .freeForm)
        #expect { _ = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: many, attributesText: "", validUntil: nil) }
            throws: { "\($0)".contains("more than the limit of \(ContainerLimits.maxKeyComponents)") }
    }

    /// `vault bench hostile`'s inputs are all refused (its times are printed, not asserted).
    @Test func everyHostileInputIsRefused() throws {
        for figure in try ABEHostileInputs.run(budget: .milliseconds(1)) {
            #expect(figure.refusal != nil, "\(figure.decoder): \(figure.input) was accepted")
        }
    }
}
