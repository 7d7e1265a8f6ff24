import BLS12381
import VaultSupport

/// The CP-ABE scheme as a CCA-secure KEM: the Fujisaki–Okamoto transform
/// (as OpenABE applies it; SCHEMES.md “KEM, CCA transform”). A random 32-byte
/// seed m drives every random scalar of encryption through HKDF; the KEM
/// ships c' = m ⊕ HKDF(K, "seed-mask") and never the GT value K itself.
/// Decapsulation recovers K, then m, re-encrypts and accepts only an
/// identical ciphertext, so a mauled KEM part is rejected.
public enum RecordKEM {
    static let seedBytes = 32

    /// Binds the derivation to the scheme, the exact policy and the authority:
    /// version 1 containers hash the bit-level policy text, version 2 the
    /// binary policy encoding under their own label, so a policy in one form
    /// is never read as the other.
    static func context(_ pp: PublicParameters, policyText: String) -> [UInt8] {
        Array("RECORD-VAULT-V01-KEM".utf8) + [pp.scheme.rawValue] + Digest.sha256(Array(policyText.utf8)) + pp.digest
    }

    static func context(_ pp: PublicParameters, policyEncoding: [UInt8]) -> [UInt8] {
        Array("RECORD-VAULT-V02-KEM".utf8) + [pp.scheme.rawValue] + Digest.sha256(policyEncoding) + pp.digest
    }

    /// Encrypts a fresh data key under the policy, bound to its binary
    /// encoding (version 2 containers). Returns the KEM bytes and the 32-byte data key.
    public static func encapsulate(publicParameters pp: PublicParameters, policy: Policy) throws(ABEError) -> ([UInt8], [UInt8]) {
        var seed = SecureRandom.bytes(seedBytes)
        defer { scrub(&seed) }
        let matrix = policy.lsss()
        return try encapsulate(pp, matrix: matrix, info: context(pp, policyEncoding: PolicyEncoding.encode(policy)), seed: seed)
    }

    /// Recovers the data key of a version 2 KEM made under `policy`, whose
    /// encoding is `policyEncoding` (as stored in the container).
    public static func decapsulate(key: UserSecretKey, policy: Policy, policyEncoding: [UInt8], kem: [UInt8]) throws(ABEError) -> [UInt8] {
        let matrix = policy.lsss()
        return try decapsulate(key: key, matrix: matrix, info: context(key.publicParameters, policyEncoding: policyEncoding), kem: kem)
    }

    /// Encrypts a fresh data key under the policy's bit-level text (version 1
    /// binding; key issuance's self-test and the constant-time harness).
    public static func encapsulate(publicParameters pp: PublicParameters, policyText: String) throws(ABEError) -> ([UInt8], [UInt8]) {
        var seed = SecureRandom.bytes(seedBytes)
        defer { scrub(&seed) }
        return try encapsulate(publicParameters: pp, policyText: policyText, seed: seed)
    }

    /// Encapsulation from a given seed, for the constant-time harness (which
    /// marks the seed secret) and known-answer checks; never reuse a seed.
    @_spi(ConstantTimeCheck)
    public static func encapsulate(publicParameters pp: PublicParameters, policyText: String, seed: [UInt8]) throws(ABEError) -> ([UInt8], [UInt8]) {
        let matrix = try matrix(for: policyText)  // refuses what decapsulation would refuse
        return try encapsulate(pp, matrix: matrix, info: context(pp, policyText: policyText), seed: seed)
    }

    static func encapsulate(_ pp: PublicParameters, matrix: LSSSMatrix, info: [UInt8], seed: [UInt8]) throws(ABEError) -> ([UInt8], [UInt8]) {
        guard seed.count == seedBytes else { throw .malformed(part: "KEM seed", problem: "needs \(seedBytes) bytes") }
        try checkShape(matrix, scheme: pp.scheme)
        let body: [UInt8], k: GT
        switch pp.key {
        case .fabeo(let pk): (body, k) = try encryptDeterministically(FABEO.self, pk, matrix: matrix, seed: seed, info: info)
        case .fame(let pk): (body, k) = try encryptDeterministically(FAME.self, pk, matrix: matrix, seed: seed, info: info)
        }
        let maskedSeed = xorSeedMask(seed, k, info)
        return (body + maskedSeed, dataKey(seed: seed, info: info))
    }

    /// Recovers the data key of a version 1 KEM (policy as bit-level text), or
    /// throws: policy not satisfied, malformed KEM, or a failed re-encryption
    /// check (tampering, or another authority's key).
    public static func decapsulate(key: UserSecretKey, policyText: String, kem: [UInt8]) throws(ABEError) -> [UInt8] {
        try decapsulate(key: key, matrix: try matrix(for: policyText), info: context(key.publicParameters, policyText: policyText), kem: kem)
    }

    static func decapsulate(key: UserSecretKey, matrix: LSSSMatrix, info: [UInt8], kem: [UInt8]) throws(ABEError) -> [UInt8] {
        let pp = key.publicParameters
        try checkShape(matrix, scheme: pp.scheme)
        guard kem.count >= seedBytes else { throw .malformed(part: "KEM", problem: "shorter than its \(seedBytes)-byte seed mask") }
        // The KEM's size follows from the policy: compare before decoding any
        // point, so a container declaring many rows costs nothing to refuse.
        let expected = CiphertextSize.kemBytes(scheme: pp.scheme, rows: matrix.rowCount, maxOccurrence: max(1, matrix.maxOccurrence))
        guard kem.count == expected else {
            throw .malformed(part: "KEM", problem: "\(kem.count) bytes, but the policy's \(matrix.rowCount) rows need \(expected)")
        }
        let body = Array(kem.dropLast(seedBytes))
        let maskedSeed = Array(kem.suffix(seedBytes))
        var seed: [UInt8]
        switch (pp.key, key.key) {
        case (.fabeo(let pk), .fabeo(let uk)):
            seed = try recoverSeed(FABEO.self, pk, uk, matrix: matrix, body: body, maskedSeed: maskedSeed, info: info)
        case (.fame(let pk), .fame(let uk)):
            seed = try recoverSeed(FAME.self, pk, uk, matrix: matrix, body: body, maskedSeed: maskedSeed, info: info)
        default:
            throw .wrongScheme(expected: pp.scheme.description, found: "a key of another scheme")
        }
        defer { scrub(&seed) }
        return dataKey(seed: seed, info: info)
    }

    /// The limits a KEM's shape must keep (docs/ABE.md, "Limits"), checked
    /// on both sides: encryption refuses what decryption would.
    static func checkShape(_ matrix: LSSSMatrix, scheme: SchemeID) throws(ABEError) {
        guard matrix.rowCount <= ContainerLimits.maxRows else {
            throw .malformed(part: "policy", problem: "\(matrix.rowCount) LSSS rows exceed the limit of \(ContainerLimits.maxRows)")
        }
        if scheme == .fabeo, matrix.maxOccurrence > ContainerLimits.maxFABEORepetitions {
            let index = matrix.occurrences.firstIndex(of: matrix.maxOccurrence) ?? 0
            throw .repetitionOverLimit(attribute: matrix.rowAttributes[index].description, occurrences: matrix.maxOccurrence,
                                       limit: ContainerLimits.maxFABEORepetitions)
        }
    }

    /// The seed XOR HKDF(K, "seed-mask" ‖ context): masks on encapsulation, unmasks on decapsulation.
    static func xorSeedMask(_ seed: [UInt8], _ k: GT, _ info: [UInt8]) -> [UInt8] {
        let mask = Digest.hkdf(secret: k.bytes(), info: Array("seed-mask".utf8) + info, length: seedBytes)
        return zip(seed, mask).map { $0 ^ $1 }
    }

    static func matrix(for policyText: String) throws(ABEError) -> LSSSMatrix {
        guard policyText.utf8.count <= ContainerLimits.maxPolicyBytes else {
            throw .malformed(part: "policy", problem: "\(policyText.utf8.count) bytes exceed the limit of \(ContainerLimits.maxPolicyBytes)")
        }
        do { return try Policy(parsing: policyText, options: ContainerLimits.storedPolicyOptions).lsss() } catch {
            throw .malformed(part: "policy", problem: error.description)
        }
    }

    /// Encryption with every scalar derived from the seed; returns the KEM
    /// ciphertext bytes and the session value.
    static func encryptDeterministically<S: CPABEScheme>(_: S.Type, _ pk: S.PublicKey, matrix: LSSSMatrix, seed: [UInt8],
                                                         info: [UInt8]) throws(ABEError) -> ([UInt8], GT) {
        var randomness = DerivedRandomness(seed: seed, info: Array("randomness".utf8) + info)
        let (ct, k) = try S.encrypt(publicKey: pk, matrix: matrix, randomness: &randomness, withSessionKey: true)
        return (S.encode(ciphertext: ct), k!)
    }

    /// Decrypts, recovers the seed, and accepts only the ciphertext that
    /// encryption under that seed gives (`isReencryption`; FABEO tests it
    /// with one random-weight combination, docs/ABE.md). Points are compared
    /// projectively: decoding already made their encodings canonical, so this
    /// equals a byte comparison without one field inversion per point.
    static func recoverSeed<S: CPABEScheme>(_: S.Type, _ pk: S.PublicKey, _ uk: S.UserKey, matrix: LSSSMatrix, body: [UInt8],
                                            maskedSeed: [UInt8], info: [UInt8]) throws(ABEError) -> [UInt8] {
        let ct = try S.decodeCiphertext(body)
        let k = try S.decrypt(publicKey: pk, key: uk, matrix: matrix, ciphertext: ct)
        var seed = xorSeedMask(maskedSeed, k, info)
        var randomness = DerivedRandomness(seed: seed, info: Array("randomness".utf8) + info)
        // Whether the check passed is public (the record opens or not); the
        // re-encrypted points, derived from the secret seed, are not.
        guard ConstantTime.declassify(try S.isReencryption(ct, publicKey: pk, matrix: matrix, randomness: &randomness)) else {
            scrub(&seed)
            throw .integrityCheckFailed
        }
        return seed
    }

    static func dataKey(seed: [UInt8], info: [UInt8]) -> [UInt8] {
        Digest.hkdf(secret: seed, info: Array("data-key".utf8) + info, length: 32)
    }
}
