import Foundation

/// On-disk form of the authority's and users' keys:
/// magic "RVKEY" ‖ version (1) ‖ kind ‖ scheme ‖ body. Secret kinds are
/// written with mode 0600; every write is atomic.
public enum KeyFile {
    static let magic = Array("RVKEY".utf8)
    static let version: UInt8 = 1

    enum Kind: UInt8 { case publicParameters = 1, masterSecret = 2, userKey = 3
        var name: String { switch self { case .publicParameters: "public key"; case .masterSecret: "master key"; case .userKey: "user key" } }
    }

    public static func encode(_ pp: PublicParameters) -> [UInt8] { envelope(.publicParameters, pp.scheme, pp.encoded) }

    public static func encode(_ ms: MasterSecret, publicParameters pp: PublicParameters) -> [UInt8] {
        var w = ByteWriter()
        w.raw(pp.digest)
        w.field(ms.encoded)
        return envelope(.masterSecret, ms.scheme, w.bytes)
    }

    public static func encode(_ key: UserSecretKey) -> [UInt8] {
        var w = ByteWriter()
        w.field(key.publicParameters.encoded)
        w.string(key.attributesText)
        w.string(key.validUntil ?? "")
        w.string(key.holder ?? "")
        w.field(key.encodedSchemeKey)
        return envelope(.userKey, key.scheme, w.bytes)
    }

    public static func decodePublicParameters(_ bytes: [UInt8]) throws(ABEError) -> PublicParameters {
        let (scheme, body) = try open(bytes, .publicParameters)
        return try PublicParameters(scheme: scheme, encoded: body)
    }

    /// The master secret, checked to belong to `publicParameters`.
    public static func decodeMasterSecret(_ bytes: [UInt8], publicParameters pp: PublicParameters) throws(ABEError) -> MasterSecret {
        let (scheme, body) = try open(bytes, .masterSecret)
        guard scheme == pp.scheme else { throw .wrongScheme(expected: pp.scheme.description, found: scheme.description) }
        var r = ByteReader(body)
        do {
            let digest = try r.take(32, "master key's authority digest")
            guard digest == pp.digest else { throw ABEError.keyFromAnotherAuthority }
            let secret = try r.field("master key", limit: 1 << 16)
            try r.expectEnd("master key")
            return try MasterSecret(scheme: scheme, encoded: secret)
        } catch let e as ByteReaderError { throw e.abeError } catch let e as ABEError { throw e } catch { throw .malformed(part: "master key", problem: "\(error)") }
    }

    public static func decodeUserKey(_ bytes: [UInt8]) throws(ABEError) -> UserSecretKey {
        let (scheme, body) = try open(bytes, .userKey)
        var r = ByteReader(body)
        do {
            let pp = try PublicParameters(scheme: scheme, encoded: try r.field("user key's public parameters", limit: 1 << 16))
            let attributes = try r.string("user key's attribute list", limit: 1 << 20)
            let validUntil = try r.string("user key's expiry", limit: 64)
            let holder = try r.string("user key's holder", limit: 256)
            let schemeKey = try r.field("user key", limit: 1 << 22)
            try r.expectEnd("user key")
            return try UserSecretKey(publicParameters: pp, attributesText: attributes, validUntil: validUntil.isEmpty ? nil : validUntil,
                                     holder: holder.isEmpty ? nil : holder, schemeKey: schemeKey)
        } catch let e as ByteReaderError { throw e.abeError } catch let e as ABEError { throw e } catch { throw .malformed(part: "user key", problem: "\(error)") }
    }

    static func envelope(_ kind: Kind, _ scheme: SchemeID, _ body: [UInt8]) -> [UInt8] {
        magic + [version, kind.rawValue, scheme.rawValue] + body
    }

    private static func open(_ bytes: [UInt8], _ expected: Kind) throws(ABEError) -> (SchemeID, [UInt8]) {
        guard bytes.count >= magic.count + 3, Array(bytes.prefix(magic.count)) == magic else {
            throw .malformed(part: expected.name + " file", problem: "not a record-vault key file")
        }
        guard bytes[5] == version else { throw .malformed(part: expected.name + " file", problem: "unsupported version \(bytes[5])") }
        guard let kind = Kind(rawValue: bytes[6]) else { throw .malformed(part: expected.name + " file", problem: "unknown key kind \(bytes[6])") }
        guard kind == expected else { throw .malformed(part: expected.name + " file", problem: "this is a \(kind.name) file, not a \(expected.name) file") }
        guard let scheme = SchemeID(rawValue: bytes[7]) else { throw .malformed(part: expected.name + " file", problem: "unknown scheme \(bytes[7])") }
        return (scheme, Array(bytes[8...]))
    }
}
