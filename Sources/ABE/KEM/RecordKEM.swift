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

    /// Binds the derivation to the scheme, the exact policy and the authority.
    static func context(_ pp: PublicParameters, policyText: String) -> [UInt8] {
        Array("RECORD-VAULT-V01-KEM".utf8) + [pp.scheme.rawValue] + Digest.sha256(Array(policyText.utf8)) + pp.digest
    }

    /// Encrypts a fresh data key under the policy (its bit-level text).
    /// Returns the KEM bytes and the 32-byte data key.
    public static func encapsulate(publicParameters pp: PublicParameters, policyText: String) throws(ABEError) -> ([UInt8], [UInt8]) {
        let matrix = try matrix(for: policyText)
        var seed = SecureRandom.bytes(seedBytes)
        defer { scrub(&seed) }
        let info = context(pp, policyText: policyText)
        let (body, k) = try encryptDeterministically(pp, matrix: matrix, seed: seed, info: info)
        let mask = Digest.hkdf(secret: k.bytes(), info: Array("seed-mask".utf8) + info, length: seedBytes)
        let maskedSeed = zip(seed, mask).map { $0 ^ $1 }
        return (body + maskedSeed, dataKey(seed: seed, info: info))
    }

    /// Recovers the data key, or throws: policy not satisfied, malformed KEM,
    /// or a failed re-encryption check (tampering, or another authority's key).
    public static func decapsulate(key: UserSecretKey, policyText: String, kem: [UInt8]) throws(ABEError) -> [UInt8] {
        let pp = key.publicParameters
        let matrix = try matrix(for: policyText)
        guard kem.count >= seedBytes else { throw .malformed(part: "KEM", problem: "shorter than its \(seedBytes)-byte seed mask") }
        let body = Array(kem.dropLast(seedBytes))
        let maskedSeed = Array(kem.suffix(seedBytes))
        let info = context(pp, policyText: policyText)
        // Decrypt, recover the seed, re-encrypt, and accept only an identical
        // ciphertext. Points are compared projectively: decoding already made
        // their encodings canonical, so this equals a byte comparison without
        // one field inversion per point.
        var seed: [UInt8]
        switch (pp.key, key.key) {
        case (.fabeo(let pk), .fabeo(let uk)):
            let ct = try FABEO.decodeCiphertext(body)
            let k = try FABEO.decrypt(publicKey: pk, key: uk, matrix: matrix, ciphertext: ct)
            seed = unmask(maskedSeed, k, info)
            var randomness = DerivedRandomness(seed: seed, info: Array("randomness".utf8) + info)
            guard try FABEO.encrypt(publicKey: pk, matrix: matrix, randomness: &randomness, withSessionKey: false).0 == ct else {
                scrub(&seed); throw .integrityCheckFailed
            }
        case (.fame(let pk), .fame(let uk)):
            let ct = try FAME.decodeCiphertext(body)
            let k = try FAME.decrypt(publicKey: pk, key: uk, matrix: matrix, ciphertext: ct)
            seed = unmask(maskedSeed, k, info)
            var randomness = DerivedRandomness(seed: seed, info: Array("randomness".utf8) + info)
            guard try FAME.encrypt(publicKey: pk, matrix: matrix, randomness: &randomness, withSessionKey: false).0 == ct else {
                scrub(&seed); throw .integrityCheckFailed
            }
        default:
            throw .wrongScheme(expected: pp.scheme.description, found: "a key of another scheme")
        }
        defer { scrub(&seed) }
        return dataKey(seed: seed, info: info)
    }

    static func unmask(_ maskedSeed: [UInt8], _ k: GT, _ info: [UInt8]) -> [UInt8] {
        let mask = Digest.hkdf(secret: k.bytes(), info: Array("seed-mask".utf8) + info, length: seedBytes)
        return zip(maskedSeed, mask).map { $0 ^ $1 }
    }

    static func matrix(for policyText: String) throws(ABEError) -> LSSSMatrix {
        do { return try Policy(parsing: policyText, options: .freeForm).lsss() } catch {
            throw .malformed(part: "policy", problem: error.description)
        }
    }

    static func encryptDeterministically(_ pp: PublicParameters, matrix: LSSSMatrix, seed: [UInt8], info: [UInt8]) throws(ABEError) -> ([UInt8], GT) {
        var randomness = DerivedRandomness(seed: seed, info: Array("randomness".utf8) + info)
        switch pp.key {
        case .fabeo(let pk):
            let (ct, k) = try FABEO.encrypt(publicKey: pk, matrix: matrix, randomness: &randomness)
            return (FABEO.encode(ciphertext: ct), k)
        case .fame(let pk):
            let (ct, k) = try FAME.encrypt(publicKey: pk, matrix: matrix, randomness: &randomness)
            return (FAME.encode(ciphertext: ct), k)
        }
    }

    static func dataKey(seed: [UInt8], info: [UInt8]) -> [UInt8] {
        Digest.hkdf(secret: seed, info: Array("data-key".utf8) + info, length: 32)
    }
}
