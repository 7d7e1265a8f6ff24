/// Every decoder of outside bytes in this module, behind one entry point
/// each: decode, and when the input is accepted, re-encode and decode again.
/// The fuzz targets (Sources/VaultFuzz) and the regression tests call these;
/// a thrown error is a refusal, `false` a broken round trip.
public enum ABEDecoderRoundTrips {
    /// Policy text: accepted text prints to canonical text that reads back
    /// to the same tree, and its JSON form too.
    public static func policyText(_ text: String, options: PolicyOptions) throws -> Bool {
        let policy = try Policy(parsing: text, options: options)
        let reread = try Policy(parsing: policy.canonicalText, options: options)
        let viaJSON = try Policy(jsonText: policy.root.jsonText(), options: options)
        return reread.root == policy.root && viaJSON.root == policy.root && reread.compiled == policy.compiled
    }

    public static func policyJSON(_ text: String, options: PolicyOptions) throws -> Bool {
        let policy = try Policy(jsonText: text, options: options)
        return try Policy(jsonText: policy.root.jsonText(), options: options).root == policy.root
            && Policy(parsing: policy.canonicalText, options: options).root == policy.root
    }

    public static func attributeSet(_ text: String, options: PolicyOptions) throws -> Bool {
        let set = try AttributeSet(parsing: text, options: options)
        return try AttributeSet(parsing: set.description, options: options) == set
    }

    /// The binary policy encoding: an accepted encoding is exactly the
    /// encoding of the policy read, and that policy's compiled tree is the
    /// one its canonical text compiles to.
    public static func policyEncoding(_ bytes: [UInt8]) throws -> Bool {
        let policy = try PolicyEncoding.decode(bytes)
        let reread = try PolicyEncoding.decode(PolicyEncoding.encode(policy))
        return PolicyEncoding.encode(policy) == bytes && reread == policy
    }

    /// A container header: accepted bytes are exactly the encoding of what was read.
    public static func containerHeader(_ bytes: [UInt8]) throws -> Bool {
        var reader = ByteReader(bytes)
        let header = try ContainerHeader.decode(&reader)
        return header.encoded() == Array(bytes[..<reader.offset])
    }

    /// The whole container, as `vault inspect` and `vault decrypt` read it.
    public static func container(_ bytes: [UInt8], key: UserSecretKey) throws -> Bool {
        _ = try? ContainerInspection(bytes: bytes)
        _ = try RecordContainer.open(bytes, key: key)
        return true
    }

    /// Armour: what decodes re-armours to text that decodes to the same bytes.
    public static func armour(_ text: String) throws -> Bool {
        let bytes = try Armor.decode(text)
        return try Armor.decode(Armor.encode(bytes)) == bytes
    }

    /// Key files: an accepted file is exactly the encoding of the key read.
    public static func publicKeyFile(_ bytes: [UInt8]) throws -> Bool {
        KeyFile.encode(try KeyFile.decodePublicParameters(bytes)) == bytes
    }

    public static func masterKeyFile(_ bytes: [UInt8], publicParameters: PublicParameters) throws -> Bool {
        let secret = try KeyFile.decodeMasterSecret(bytes, publicParameters: publicParameters)
        return KeyFile.encode(secret, publicParameters: publicParameters) == bytes
    }

    public static func userKeyFile(_ bytes: [UInt8]) throws -> Bool {
        KeyFile.encode(try KeyFile.decodeUserKey(bytes)) == bytes
    }
}

extension ABEDecoderRoundTrips {
    /// Well-formed inputs for each decoder, for the fuzzers' seed corpora
    /// (`vault-fuzz --write-seeds`): the first byte selects the decoder as
    /// `FuzzTarget` reads it. Containers are sealed for `reader`'s authority.
    public static func sampleInputs(publicParameters pp: PublicParameters, masterSecret ms: MasterSecret)
        throws -> [(target: String, name: String, bytes: [UInt8])] {
        let policies = ["role:cardiologist AND hospital:A", "(role:nurse OR role:doctor) AND clearance >= 3",
                        "2 of (on_call, hospital:B, valid_until >= 2027-01-01)", "age in [18, 65] OR emergency_access"]
        var out = [(target: String, name: String, bytes: [UInt8])]()
        for (i, text) in policies.enumerated() {
            out.append(("policy", "text-\(i)", [4] + Array(text.utf8)))  // free form
            if let policy = try? Policy(parsing: text, options: .freeForm) {
                out.append(("policy", "json-\(i)", [5] + Array(policy.root.jsonText().utf8)))
                out.append(("policy", "compiled-\(i)", [8] + Array(policy.compiledText.utf8)))
                out.append(("policy", "binary-\(i)", [3] + PolicyEncoding.encode(policy)))
            }
        }
        out.append(("policy", "attributes", [6] + Array("role:nurse, hospital:A, clearance=3, valid_until=2027-06-30".utf8)))
        let policy = try Policy(parsing: "role:nurse OR (role:doctor AND clearance >= 3)", options: .freeForm)
        let sealed = try RecordContainer.seal(Array("a record".utf8), publicParameters: pp, policy: policy)
        out.append(("container", "header", [0] + sealed))
        out.append(("container", "container", [1] + sealed))
        out.append(("container", "armour", [2] + Array(Armor.encode(sealed).utf8)))
        out.append(("keys", "public", [0] + KeyFile.encode(pp)))
        out.append(("keys", "master", [1] + KeyFile.encode(ms, publicParameters: pp)))
        let set = try AttributeSet(parsing: "role:nurse, clearance=3", options: .freeForm)
        let key = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: set, attributesText: set.description,
                                         validUntil: "2027-06-30", holder: "u-42")
        out.append(("keys", "user", [2] + KeyFile.encode(key)))
        let (famePublic, fameMaster) = KeyAuthority.setup(scheme: .fame, reuseBound: 2)
        out.append(("keys", "fame-public", [0] + KeyFile.encode(famePublic)))
        let fameKey = try KeyAuthority.issue(publicParameters: famePublic, masterSecret: fameMaster, attributes: set,
                                             attributesText: set.description, validUntil: nil)
        out.append(("keys", "fame-user", [2] + KeyFile.encode(fameKey)))
        return out
    }
}
