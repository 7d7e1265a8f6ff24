import BLS12381
import VaultSupport

/// A scheme's key of any kind, behind one type so that files, containers and
/// the CLI need not know which scheme they hold.
enum SchemeKey<F: Sendable, M: Sendable>: Sendable {
    case fabeo(F)
    case fame(M)
}

/// The key authority's public parameters: what encryption needs.
public struct PublicParameters: Sendable {
    public let scheme: SchemeID
    let key: SchemeKey<FABEO.PublicKey, FAME.PublicKey>
    /// The canonical encoding, as stored in public.key.
    public let encoded: [UInt8]

    /// SHA-256 of scheme and encoding; binds containers and keys to this authority.
    public var digest: [UInt8] { Digest.sha256([scheme.rawValue] + encoded) }
    /// The first 8 bytes of the digest, stored in every container header.
    public var fingerprint: [UInt8] { Array(digest.prefix(8)) }
    public var fingerprintHex: String { Hex.encode(fingerprint) }

    /// FAME's bound on how often one attribute may label rows of a policy.
    public var reuseBound: Int? {
        if case .fame(let k) = key { return k.reuseBound }
        return nil
    }

    init(scheme: SchemeID, encoded: [UInt8]) throws(ABEError) {
        self.scheme = scheme
        self.encoded = encoded
        switch scheme {
        case .fabeo: key = .fabeo(try FABEO.decodePublicKey(encoded))
        case .fame: key = .fame(try FAME.decodePublicKey(encoded))
        }
    }

    init(fabeo: FABEO.PublicKey) { scheme = .fabeo; key = .fabeo(fabeo); encoded = FABEO.encode(publicKey: fabeo) }
    init(fame: FAME.PublicKey) { scheme = .fame; key = .fame(fame); encoded = FAME.encode(publicKey: fame) }
}

/// The authority's master secret: what key issuance needs. Never leaves master.key.
public struct MasterSecret: Sendable {
    public let scheme: SchemeID
    let key: SchemeKey<FABEO.MasterKey, FAME.MasterKey>

    var encoded: [UInt8] {
        switch key {
        case .fabeo(let k): FABEO.encode(masterKey: k)
        case .fame(let k): FAME.encode(masterKey: k)
        }
    }

    init(scheme: SchemeID, encoded: [UInt8]) throws(ABEError) {
        self.scheme = scheme
        switch scheme {
        case .fabeo: key = .fabeo(try FABEO.decodeMasterKey(encoded))
        case .fame: key = .fame(try FAME.decodeMasterKey(encoded))
        }
    }

    init(fabeo: FABEO.MasterKey) { scheme = .fabeo; key = .fabeo(fabeo) }
    init(fame: FAME.MasterKey) { scheme = .fame; key = .fame(fame) }
}

/// A user's attribute key, with the authority's public parameters (needed for
/// the re-encryption check on decryption) and what it was issued for.
public struct UserSecretKey: Sendable {
    public let publicParameters: PublicParameters
    /// The attribute set as issued, in the catalog's notation (`role:nurse, clearance=3`).
    public let attributesText: String
    /// The last day the key is valid (ISO date), if it expires.
    public let validUntil: String?
    /// Who the key was issued to, when the authority recorded it (audit trails name readers by it).
    public let holder: String?
    let key: SchemeKey<FABEO.UserKey, FAME.UserKey>

    public var scheme: SchemeID { publicParameters.scheme }

    /// Bit-level attributes the key holds components for.
    public var keyAttributes: [Attribute] {
        switch key {
        case .fabeo(let k): FABEO.attributes(of: k)
        case .fame(let k): FAME.attributes(of: k)
        }
    }

    var encodedSchemeKey: [UInt8] {
        switch key {
        case .fabeo(let k): FABEO.encode(userKey: k)
        case .fame(let k): FAME.encode(userKey: k)
        }
    }

    init(publicParameters: PublicParameters, attributesText: String, validUntil: String?, holder: String?,
         schemeKey: [UInt8]) throws(ABEError) {
        self.publicParameters = publicParameters
        self.attributesText = attributesText
        self.validUntil = validUntil
        self.holder = holder
        switch publicParameters.scheme {
        case .fabeo: key = .fabeo(try FABEO.decodeUserKey(schemeKey))
        case .fame: key = .fame(try FAME.decodeUserKey(schemeKey))
        }
    }

    init(publicParameters: PublicParameters, attributesText: String, validUntil: String?, holder: String?,
         key: SchemeKey<FABEO.UserKey, FAME.UserKey>) {
        self.publicParameters = publicParameters
        self.attributesText = attributesText
        self.validUntil = validUntil
        self.holder = holder
        self.key = key
    }
}
