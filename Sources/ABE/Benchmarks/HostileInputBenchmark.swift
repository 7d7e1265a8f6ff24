import BLS12381
import Foundation
import VaultSupport

/// The ABE half of `vault bench hostile`: for each decoder, the worst input
/// its limits (docs/ABE.md, "Limits") let through to the last check, made to
/// fail only there, and the median time to refuse it.
public enum ABEHostileInputs {
    /// `only`, when given, keeps the inputs whose decoder and description
    /// (joined by a space) contain it; the others are built but not timed.
    public static func run(budget: Duration = .milliseconds(200), only: String? = nil) throws -> [HostileInputFigure] {
        var figures = [HostileInputFigure]()
        func measure(_ decoder: String, _ input: String, _ decode: () throws -> Void) {
            guard only.map({ "\(decoder) \(input)".contains($0) }) ?? true else { return }
            figures.append(.measure(decoder, input, budget: budget, decode))
        }
        let stored = ContainerLimits.storedPolicyOptions

        // Policy text: maxRows + 1 distinct attributes: parsed
        // whole, then refused for one row too many.
        let names = (0...ContainerLimits.maxRows).map { "attribute_\($0)_" + String(repeating: "x", count: 40) }
        let wide = names.joined(separator: " OR ")
        measure("policy text", "\(wide.utf8.count / 1024) KiB, \(names.count) rows (limit \(ContainerLimits.maxRows))") {
            _ = try Policy(parsing: wide, options: stored)
        }
        let deep = String(repeating: "(", count: 2000) + "a" + String(repeating: ")", count: 2000)
        measure("policy text", "2,000 nested parentheses") {
            _ = try Policy(parsing: deep, options: stored)
        }
        let huge = String(repeating: "a OR ", count: (1 << 20) / 5)
        measure("policy text", "1 MiB") { _ = try Policy(parsing: huge, options: stored) }

        // Policy JSON: the same rows as a JSON OR.
        let json = #"{"or": ["# + names.map { #"{"attribute": "\#($0)"}"# }.joined(separator: ", ") + "]}"
        measure("policy JSON", "\(json.utf8.count / 1024) KiB, \(names.count) rows") {
            _ = try Policy(jsonText: json, options: stored)
        }
        let deepJSON = String(repeating: #"{"and": ["#, count: 512) + #"{"attribute": "a"}"# + String(repeating: "]}", count: 512)
        measure("policy JSON", "512 nested ANDs") { _ = try Policy(jsonText: deepJSON, options: stored) }

        // Containers, opened with a real key so that every check runs.
        let (pp, ms) = KeyAuthority.setup(scheme: .fabeo)
        let set = try AttributeSet(parsing: names[0], options: .freeForm)
        let key = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: set, attributesText: names[0], validUntil: nil)
        let maxPolicy = try Policy(parsing: names.dropLast().joined(separator: " OR "), options: stored)
        let sealed = try RecordContainer.seal([1, 2, 3], publicParameters: pp, policy: maxPolicy)
        var r = ByteReader(sealed)
        _ = try ContainerHeader.decode(&r)
        // Under a one-row policy, a KEM of as many rows as its size limit
        // allows, each a valid point: refused on its size alone.
        let oneRow = try RecordContainer.seal([1], publicParameters: pp, policy: try Policy(parsing: names[0], options: stored))
        var oneReader = ByteReader(oneRow)
        let oneHeader = try ContainerHeader.decode(&oneReader)
        var manyRows = ByteWriter()
        manyRows.u16(1); manyRows.raw(oneHeader.kem[2..<(2 + 192)]); let manyCount = (ContainerLimits.maxKEMBytes - 2 - 192 - 4 - 32) / 48
        manyRows.u32(manyCount)
        for _ in 0..<manyCount { manyRows.raw(oneHeader.kem[(2 + 192 + 4)..<(2 + 192 + 4 + 48)]) }
        manyRows.raw([UInt8](repeating: 0, count: 32))
        let forgedKEM = ContainerHeader(scheme: .fabeo, authorityFingerprint: pp.fingerprint, storedPolicy: oneHeader.storedPolicy,
                                        writtenPolicy: nil, kem: manyRows.bytes).encoded() + Array(oneRow[oneReader.offset...])
        measure("container", "1-row policy, KEM of \(manyCount) valid rows (\(manyRows.bytes.count / 1024) KiB)") {
            _ = try RecordContainer.open(forgedKEM, key: key)
        }
        // The right size, every row valid except the last, altered into the
        // costliest point to refuse: on the curve (its x has a square root)
        // but outside G1, so that only the subgroup test can refuse it.
        let lastBad = try alteredOutsideG1(sealed, at: r.offset - 32 - 48)
        measure("container", "\(ContainerLimits.maxRows)-row policy, the last of its KEM rows on the curve but outside G1") {
            _ = try RecordContainer.open(lastBad, key: key)
        }
        // The last row's compressed flag cleared: found by the structural
        // pass over every row, before any row is decoded.
        var lastFlags = sealed
        lastFlags[r.offset - 32 - 48] &= ~0x80
        measure("container", "\(ContainerLimits.maxRows)-row policy, the last of its KEM rows with bad flag bits") {
            _ = try RecordContainer.open(lastFlags, key: key)
        }
        // The same with one attribute in 32 of the rows (the FABEO limit): the
        // KEM then carries τ = 32 points C1,j of G2 besides its rows of G1.
        let tau = ContainerLimits.maxFABEORepetitions
        let sharedText = (0..<tau).map { "(\(names[0]) AND \(names[$0 + 1]))" } + names[(tau + 1)..<(ContainerLimits.maxRows - tau + 1)]
        let shared = try Policy(parsing: sharedText.joined(separator: " OR "), options: stored)
        let sharedSealed = try RecordContainer.seal([1], publicParameters: pp, policy: shared)
        var sharedReader = ByteReader(sharedSealed)
        _ = try ContainerHeader.decode(&sharedReader)
        let sharedBad = try alteredOutsideG1(sharedSealed, at: sharedReader.offset - 32 - 48)
        let sharedSet = try AttributeSet(parsing: "\(names[0]), \(names[1])", options: .freeForm)
        let sharedKey = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: sharedSet,
                                               attributesText: sharedSet.description, validUntil: nil)
        let sharedRows = shared.lsss().rowCount
        measure("container", "\(sharedRows.formatted())-row policy, τ = \(tau), the last KEM row on the curve but outside G1") {
            _ = try RecordContainer.open(sharedBad, key: sharedKey)
        }
        // One repetition more than FABEO allows: refused from the policy alone.
        let overText = (0...tau).map { "(\(names[0]) AND \(names[$0 + 1]))" }.joined(separator: " OR ")
        let overRepeated = ContainerHeader(scheme: .fabeo, authorityFingerprint: pp.fingerprint,
                                           storedPolicy: .binary(PolicyEncoding.encode(try Policy(parsing: overText, options: stored))),
                                           writtenPolicy: nil, kem: [UInt8](repeating: 0, count: 64)).encoded() + Array(oneRow[oneReader.offset...])
        measure("container", "FABEO policy naming one attribute \(tau + 1) times (limit \(tau))") {
            _ = try RecordContainer.open(overRepeated, key: sharedKey)
        }
        // FAME: three G1 points per row.
        let (fameContainerPublic, fameContainerMaster) = KeyAuthority.setup(scheme: .fame)
        let fameContainerKey = try KeyAuthority.issue(publicParameters: fameContainerPublic, masterSecret: fameContainerMaster,
                                                      attributes: set, attributesText: names[0], validUntil: nil)
        let fameSealed = try RecordContainer.seal([1, 2, 3], publicParameters: fameContainerPublic, policy: maxPolicy)
        var fameReader = ByteReader(fameSealed)
        _ = try ContainerHeader.decode(&fameReader)
        let fameBad = try alteredOutsideG1(fameSealed, at: fameReader.offset - 32 - 48)
        measure("container", "FAME, \(ContainerLimits.maxRows)-row policy (\(3 * ContainerLimits.maxRows) G1 points), the last on the curve but outside G1") {
            _ = try RecordContainer.open(fameBad, key: fameContainerKey)
        }
        // Length fields at their largest: refused before anything is read.
        var declared = ByteWriter()
        declared.raw(Array(sealed[0..<16])); declared.u32(0xffff_ffff)
        let declaredHuge = declared.bytes
        measure("container", "policy length 4 GiB declared") {
            _ = try RecordContainer.open(declaredHuge, key: key)
        }
        let tooLongPolicy = ContainerHeader(scheme: .fabeo, authorityFingerprint: pp.fingerprint,
                                            storedPolicy: .binary([UInt8](repeating: 0, count: ContainerLimits.maxPolicyBytes + 1)),
                                            writtenPolicy: nil, kem: []).encoded()
        measure("container", "policy of 64 KiB + 1 byte") {
            _ = try RecordContainer.open(tooLongPolicy, key: key)
        }
        // A valid preamble, so that inspection gets as far as the policy.
        let preamble = AEADPreamble(chunkSize: CiphertextSize.chunkSize, noncePrefix: [UInt8](repeating: 0, count: 12), recordLength: 0).encoded
        measure("container inspection", "version 1: \(names.count)-row policy text of \(wide.utf8.count / 1024) KiB") {
            _ = try ContainerInspection(bytes: ContainerHeader(scheme: .fabeo, authorityFingerprint: pp.fingerprint, storedPolicy: .text(wide),
                                                               writtenPolicy: nil, kem: []).encoded() + preamble)
        }
        // Binary policy: the largest encoding of `maxRows` distinct leaves, read
        // whole, then refused for a trailing byte.
        let encoded = PolicyEncoding.encode(maxPolicy) + [1]
        measure("binary policy", "\(encoded.count / 1024) KiB, \(ContainerLimits.maxRows) leaves, one trailing byte") {
            _ = try PolicyEncoding.decode(encoded)
        }

        // Armour: the largest accepted, corrupt in its last line; and one byte over.
        // Base64 of n bytes is 4n/3 characters, plus a newline per 64.
        var armoured = Armor.encode([UInt8](repeating: 0x5a, count: ContainerLimits.maxArmoredBytes / 66 * 64 * 3 / 4))
        armoured = String(armoured.dropLast(Armor.end.count + 3)) + "!\n" + Armor.end + "\n"
        measure("armour", "\(armoured.utf8.count >> 10) KiB, corrupt in its last line") {
            _ = try Armor.decode(armoured)
        }
        let overArmoured = String(repeating: "A", count: ContainerLimits.maxArmoredBytes + 1)
        measure("armour", "4 MiB + 1 byte") { _ = try Armor.decode(overArmoured) }

        // Key files.
        let famePP = KeyAuthority.setup(scheme: .fame).0
        var badT2 = KeyFile.encode(famePP)
        badT2[badT2.count - 3] ^= 1
        measure("public key file", "FAME, T2 outside GT") { _ = try KeyFile.decodePublicParameters(badT2) }
        let degenerate = KeyFile.envelope(.publicParameters, .fabeo, GT.one.bytes())
        measure("public key file", "FABEO, e(g,h)^α = 1") { _ = try KeyFile.decodePublicParameters(degenerate) }
        let biggest = try AttributeSet(parsing: (0..<ContainerLimits.maxKeyComponents).map { "k\($0)" }.joined(separator: ", "), options: .freeForm)
        let bigKey = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: biggest, attributesText: "", validUntil: nil)
        // Components are checked when a decryption uses them (`KeyPoint`):
        // the decoder's worst is the largest key with the last component's
        // flag bits wrong; an altered point is refused at its first use.
        var badFlags = KeyFile.encode(bigKey)
        badFlags[badFlags.count - 48] = 0x40
        measure("user key file", "FABEO, \(ContainerLimits.maxKeyComponents) components, the last with bad flag bits") {
            _ = try KeyFile.decodeUserKey(badFlags)
        }
        var badKey = KeyFile.encode(bigKey)
        badKey[badKey.count - 1] ^= 1
        let lastAttribute = bigKey.keyAttributes.last?.description ?? ""
        let usingLast = try RecordContainer.seal([1], publicParameters: pp, policy: try Policy(parsing: lastAttribute, options: stored))
        measure("user key file", "FABEO, \(ContainerLimits.maxKeyComponents) components, the last altered, read and used") {
            _ = try RecordContainer.open(usingLast, key: try KeyFile.decodeUserKey(badKey))
        }
        var forgedCount = ByteWriter()
        forgedCount.raw(bigKey.encodedSchemeKey.prefix(144)); forgedCount.u32(0x7fff_ffff)
        measure("user key file", "FABEO, 2^31 attributes declared") {
            _ = try FABEO.decodeUserKey(forgedCount.bytes)
        }
        let (famePublic, fameMaster) = KeyAuthority.setup(scheme: .fame, reuseBound: 4)
        let fameSet = try AttributeSet(parsing: (0..<(ContainerLimits.maxKeyComponents / 4)).map { "k\($0)" }.joined(separator: ", "), options: .freeForm)
        let fameKey = try KeyAuthority.issue(publicParameters: famePublic, masterSecret: fameMaster, attributes: fameSet,
                                             attributesText: "", validUntil: nil)
        var fameFlags = KeyFile.encode(fameKey)
        fameFlags[fameFlags.count - 48] = 0x40
        measure("user key file", "FAME k = 4, \(ContainerLimits.maxKeyComponents) copies (\(3 * ContainerLimits.maxKeyComponents) points), the last with bad flag bits") {
            _ = try KeyFile.decodeUserKey(fameFlags)
        }
        // Copy 1 of the last attribute (the one a one-leaf policy uses), its third point.
        var badFameKey = KeyFile.encode(fameKey)
        badFameKey[badFameKey.count - 1 - 3 * 144] ^= 1
        let fameLast = fameKey.keyAttributes.last?.description ?? ""
        let fameUsing = try RecordContainer.seal([1], publicParameters: famePublic, policy: try Policy(parsing: fameLast, options: stored))
        measure("user key file", "FAME k = 4, \(ContainerLimits.maxKeyComponents) copies, one used point altered, read and used") {
            _ = try RecordContainer.open(fameUsing, key: try KeyFile.decodeUserKey(badFameKey))
        }
        return figures
    }

    /// `bytes` with the G1 point at `offset` altered in its last byte into
    /// one on the curve but outside G1, the costliest to refuse: it passes
    /// every check but the subgroup test.
    static func alteredOutsideG1(_ bytes: [UInt8], at offset: Int) throws -> [UInt8] {
        for delta in UInt8(1)...UInt8(255) {
            var candidate = bytes
            candidate[offset + 47] ^= delta
            do { _ = try G1Point(compressed: candidate[offset..<(offset + 48)]) } catch {
                if case .notInSubgroup = error { return candidate }
            }
        }
        throw ABEError.malformed(part: "hostile input", problem: "no alteration of the point at \(offset) is on the curve outside G1")
    }
}
