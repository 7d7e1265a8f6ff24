@_spi(ConstantTimeCheck) import ABE
import BLS12381
import CTGrind

/// The CP-ABE paths with their secrets marked undefined for valgrind
/// (issue 12): the master key (decoded from poisoned key-file bytes), the
/// key randomness, the KEM seed, the session value and data key derived
/// from it, and a user key decoded from poisoned bytes (point decompression
/// takes square roots of secret coordinates).
struct PoisonedRandomness: ScalarSource {
    mutating func next() -> Scalar { secretScalar() }
}

func poisoned(_ bytes: [UInt8], _ ranges: [Range<Int>]) -> [UInt8] {
    let copy = bytes
    copy.withUnsafeBytes { raw in for r in ranges { ct_poison(raw.baseAddress! + r.lowerBound, UInt(r.count)) } }
    return copy
}

func declassified(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { ct_unpoison($0.baseAddress, UInt($0.count)) }
    return bytes
}

/// Where the secret bytes of a key file are. Master: everything after the
/// authority digest and length. User: the scheme key's points.
func secretRanges(masterFile bytes: [UInt8]) -> [Range<Int>] { [(8 + 32 + 4)..<bytes.count] }

func secretRanges(userFile bytes: [UInt8], scheme: SchemeID) -> [Range<Int>] {
    func u32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
    var at = 8
    for _ in 0..<4 { at += 4 + u32(at) }  // public parameters, attributes, expiry, holder
    at += 4                               // the scheme key's length
    var ranges = [Range<Int>]()
    switch scheme {
    case .fabeo:
        ranges.append(at..<(at + 144)); at += 144
        let count = u32(at); at += 4
        for _ in 0..<count { at += 4 + u32(at); ranges.append(at..<(at + 48)); at += 48 }
    case .fame:
        let bound = Int(bytes[at]) << 8 | Int(bytes[at + 1]); at += 2
        ranges.append(at..<(at + 432)); at += 432
        let count = u32(at); at += 4
        for _ in 0..<count { at += 4 + u32(at); ranges.append(at..<(at + 144 * bound)); at += 144 * bound }
    }
    return ranges
}

func checkScheme(_ scheme: SchemeID, _ check: (String, () -> Bool) -> Void) {
    let (pp, honestMaster) = KeyAuthority.setup(scheme: scheme, reuseBound: 1)
    let masterFile = KeyFile.encode(honestMaster, publicParameters: pp)
    let policy = "role:nurse AND hospital:A"
    let set = try! AttributeSet(parsing: "role:nurse, hospital:A", options: .freeForm)
    var master: MasterSecret?
    check("\(scheme) master key decoding") {
        master = try? KeyFile.decodeMasterSecret(poisoned(masterFile, secretRanges(masterFile: masterFile)), publicParameters: pp)
        return master != nil
    }
    var issued: UserSecretKey?
    check("\(scheme) key generation (secret master key and randomness)") {
        var randomness = PoisonedRandomness()
        issued = try? KeyAuthority.issue(publicParameters: pp, masterSecret: master!, attributes: set, attributesText: "",
                                         validUntil: nil, randomness: &randomness)
        return issued != nil
    }
    // The key as its holder receives it (encoded from an honest issue; encoding is not under test).
    let honestKey = try! KeyAuthority.issue(publicParameters: pp, masterSecret: honestMaster, attributes: set, attributesText: "", validUntil: nil)
    let keyFile = KeyFile.encode(honestKey)
    var key: UserSecretKey?
    check("\(scheme) user key decoding (square roots of secret coordinates)") {
        key = try? KeyFile.decodeUserKey(poisoned(keyFile, secretRanges(userFile: keyFile, scheme: scheme)))
        return key != nil
    }
    var kem = [UInt8](), dataKey = [UInt8]()
    check("\(scheme) encapsulation (secret seed, session value and data key)") {
        let seed = poisoned((0..<32).map { _ in UInt8.random(in: 0...255) }, [0..<32])
        guard let (k, d) = try? RecordKEM.encapsulate(publicParameters: pp, policyText: policy, seed: seed) else { return false }
        kem = declassified(k); dataKey = d
        return true
    }
    check("\(scheme) decapsulation with a secret key, and the re-encryption check") {
        guard let recovered = try? RecordKEM.decapsulate(key: key!, policyText: policy, kem: kem) else { return false }
        return declassified(recovered) == declassified(dataKey)
    }
    check("\(scheme) decapsulation with the freshly generated key") {
        guard let recovered = try? RecordKEM.decapsulate(key: issued!, policyText: policy, kem: kem) else { return false }
        return declassified(recovered) == declassified(dataKey)
    }
    // Sealing only: OpenSSL's GCM open ends in a branch on whether the tag
    // matched, which is public but cannot be declassified inside libcrypto.
    check("\(scheme) AES-GCM sealing under a secret data key") {
        let secretKey = poisoned(dataKey, [0..<32])
        let sealed = declassified(AESGCM.seal(Array("record".utf8), key: secretKey, nonce: [UInt8](repeating: 1, count: 12), associatedData: []))
        return AESGCM.open(sealed, key: declassified(dataKey), nonce: [UInt8](repeating: 1, count: 12), associatedData: []) == Array("record".utf8)
    }
}
