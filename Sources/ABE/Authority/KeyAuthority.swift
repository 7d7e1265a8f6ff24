import BLS12381
import VaultSupport

/// Setting up a key authority and issuing attribute keys.
public enum KeyAuthority {
    /// Default bound on attribute repetition for FAME (FABEO needs none).
    public static let defaultReuseBound = 4

    public static func setup(scheme: SchemeID, reuseBound: Int = defaultReuseBound) -> (PublicParameters, MasterSecret) {
        switch scheme {
        case .fabeo:
            let (pk, mk) = FABEO.setup(reuseBound: reuseBound)
            return (PublicParameters(fabeo: pk), MasterSecret(fabeo: mk))
        case .fame:
            let (pk, mk) = FAME.setup(reuseBound: reuseBound)
            return (PublicParameters(fame: pk), MasterSecret(fame: mk))
        }
    }

    /// Issues a key for `attributes` (checked against the catalog when parsed).
    /// With `validUntil`, the key also holds `valid_until=<date>` so that
    /// policies can require keys still valid at encryption time.
    public static func issue(publicParameters: PublicParameters, masterSecret: MasterSecret,
                             attributes: AttributeSet, attributesText: String, validUntil: String?,
                             holder: String? = nil) throws(ABEError) -> UserSecretKey {
        var fresh = FreshRandomness()
        return try issue(publicParameters: publicParameters, masterSecret: masterSecret, attributes: attributes,
                         attributesText: attributesText, validUntil: validUntil, holder: holder, randomness: &fresh)
    }

    /// Issuance with the key's random scalars drawn from `randomness`, for
    /// the constant-time harness, which marks them secret.
    @_spi(ConstantTimeCheck)
    public static func issue(publicParameters: PublicParameters, masterSecret: MasterSecret,
                             attributes: AttributeSet, attributesText: String, validUntil: String?,
                             holder: String? = nil, randomness: inout some ScalarSource) throws(ABEError) -> UserSecretKey {
        guard publicParameters.scheme == masterSecret.scheme else {
            throw .wrongScheme(expected: publicParameters.scheme.description, found: masterSecret.scheme.description)
        }
        // A key for nothing is a key nobody asked for, and bit attributes are
        // the compiler's: written by hand they let one key hold both values of
        // a bit (issue 12). Checked here too, whatever options parsed the set.
        guard !attributes.keyAttributes.isEmpty else { throw .invalidAttributeSet("a key needs at least one attribute") }
        if let bit = attributes.attributes.sorted().first(where: { if case .bit = $0 { true } else { false } }) {
            throw .invalidAttributeSet("\(DisplayText.escaped(bit.description)) is a bit attribute; give the numeric value instead (\(bit.key)=…)")
        }
        let held = attributes.sortedKeyAttributes
        let components = held.count * (publicParameters.reuseBound ?? 1)
        guard components <= ContainerLimits.maxKeyComponents else {
            throw .invalidAttributeSet("the key would hold \(components) attribute components, more than the limit of \(ContainerLimits.maxKeyComponents)")
        }
        switch (publicParameters.key, masterSecret.key) {
        case (.fabeo(let pk), .fabeo(let mk)):
            return UserSecretKey(publicParameters: publicParameters, attributesText: attributesText, validUntil: validUntil,
                                 holder: holder, key: .fabeo(FABEO.keyGen(publicKey: pk, masterKey: mk, attributes: held, randomness: &randomness)))
        case (.fame(let pk), .fame(let mk)):
            return UserSecretKey(publicParameters: publicParameters, attributesText: attributesText, validUntil: validUntil,
                                 holder: holder, key: .fame(FAME.keyGen(publicKey: pk, masterKey: mk, attributes: held, randomness: &randomness)))
        default:
            throw .wrongScheme(expected: publicParameters.scheme.description, found: masterSecret.scheme.description)
        }
    }

    /// Whether a master secret belongs to these public parameters: a probe key
    /// must decrypt a probe encryption.
    public static func masterMatchesPublic(_ publicParameters: PublicParameters, _ masterSecret: MasterSecret) -> Bool {
        guard let probe = try? Policy(parsing: "authority_probe", options: .freeForm),
              let set = try? AttributeSet(parsing: "authority_probe", options: .freeForm),
              let key = try? issue(publicParameters: publicParameters, masterSecret: masterSecret,
                                   attributes: set, attributesText: "authority_probe", validUntil: nil),
              let (kem, dataKey) = try? RecordKEM.encapsulate(publicParameters: publicParameters, policyText: probe.compiledText),
              let recovered = try? RecordKEM.decapsulate(key: key, policyText: probe.compiledText, kem: kem)
        else { return false }
        return recovered == dataKey
    }
}
