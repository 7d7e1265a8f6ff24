import BLS12381
import VaultSupport

/// A ciphertext-policy ABE scheme used as a key-encapsulation mechanism:
/// encryption under an LSSS matrix yields a GT session value and a KEM
/// ciphertext; keys for satisfying attribute sets recover the GT value.
/// FABEO and FAME implement it; more schemes can join by implementing it and
/// adding a `SchemeID`.
public protocol CPABEScheme: Sendable {
    associatedtype PublicKey: Sendable
    associatedtype MasterKey: Sendable
    associatedtype UserKey: Sendable
    associatedtype Ciphertext: Sendable, Equatable

    static var id: SchemeID { get }

    /// `reuseBound` is how many rows of one policy an attribute may label;
    /// schemes that handle any repetition (FABEO) ignore it.
    static func setup(reuseBound: Int) -> (PublicKey, MasterKey)

    /// A key for `attributes` (bit attributes included), its random scalars
    /// drawn from `randomness` (fresh in use; marked secret by the
    /// constant-time harness).
    static func keyGen(publicKey: PublicKey, masterKey: MasterKey, attributes: [Attribute], randomness: inout some ScalarSource) -> UserKey

    /// Encrypts under (M, ρ), drawing every random scalar from `randomness`
    /// in a fixed order (the Fujisaki–Okamoto transform re-runs it). The
    /// session value is computed only `withSessionKey` (the re-encryption
    /// check needs the ciphertext alone).
    static func encrypt(publicKey: PublicKey, matrix: LSSSMatrix, randomness: inout some ScalarSource,
                        withSessionKey: Bool) throws(ABEError) -> (Ciphertext, GT?)

    static func decrypt(publicKey: PublicKey, key: UserKey, matrix: LSSSMatrix,
                        ciphertext: Ciphertext) throws(ABEError) -> GT

    /// Whether `ciphertext` is exactly what `encrypt` makes from `randomness`
    /// (the Fujisaki–Okamoto re-encryption check). The default re-encrypts
    /// and compares; a scheme may test the same equality more cheaply.
    static func isReencryption(_ ciphertext: Ciphertext, publicKey: PublicKey, matrix: LSSSMatrix,
                               randomness: inout some ScalarSource) throws(ABEError) -> Bool

    static func encode(publicKey: PublicKey) -> [UInt8]
    static func decodePublicKey(_ bytes: [UInt8]) throws(ABEError) -> PublicKey
    static func encode(masterKey: MasterKey) -> [UInt8]
    static func decodeMasterKey(_ bytes: [UInt8]) throws(ABEError) -> MasterKey
    static func encode(userKey: UserKey) -> [UInt8]
    static func decodeUserKey(_ bytes: [UInt8]) throws(ABEError) -> UserKey
    static func encode(ciphertext: Ciphertext) -> [UInt8]
    static func decodeCiphertext(_ bytes: [UInt8]) throws(ABEError) -> Ciphertext

    /// The attributes a user key holds.
    static func attributes(of key: UserKey) -> [Attribute]
}

extension CPABEScheme {
    public static func isReencryption(_ ciphertext: Ciphertext, publicKey: PublicKey, matrix: LSSSMatrix,
                                      randomness: inout some ScalarSource) throws(ABEError) -> Bool {
        try encrypt(publicKey: publicKey, matrix: matrix, randomness: &randomness, withSessionKey: false).0 == ciphertext
    }

    public static func keyGen(publicKey: PublicKey, masterKey: MasterKey, attributes: [Attribute]) -> UserKey {
        var fresh = FreshRandomness()
        return keyGen(publicKey: publicKey, masterKey: masterKey, attributes: attributes, randomness: &fresh)
    }
}

/// A stream of scalars: fresh randomness, or randomness derived from a seed.
public protocol ScalarSource {
    mutating func next() -> Scalar
}

/// Fresh scalars from OpenSSL's RAND_bytes.
public struct FreshRandomness: ScalarSource {
    public init() {}
    public mutating func next() -> Scalar { .random() }
}

/// Scalars derived deterministically from a secret seed:
/// HKDF-SHA-256(seed, info ‖ counter) to 64 bytes, reduced mod r.
public struct DerivedRandomness: ScalarSource {
    private var seed: [UInt8]
    private let info: [UInt8]
    private var counter: UInt32 = 0

    public init(seed: [UInt8], info: [UInt8]) { self.seed = seed; self.info = info }

    public mutating func next() -> Scalar {
        counter += 1
        let c = counter
        var wide = Digest.hkdf(secret: seed, info: info + [UInt8(c >> 24), UInt8((c >> 16) & 0xff), UInt8((c >> 8) & 0xff), UInt8(c & 0xff)], length: 64)
        defer { scrub(&wide) }
        return Scalar(reducing: wide)
    }
}
