import ABE
import Foundation
import Ledger
import VaultSupport

/// One party's own folder: its member identity and its own secrets only.
///
///     party.json        PartyConfig (below)
///     identity.key      the member's Ed25519 identity (0600)
///     escrow.key        provider: X25519 escrow private key (0600)
///     public.key        provider, authority: the key authority's public parameters,
///                       checked against the digest party.json pins
///     master.key        authority: the CP-ABE master key (0600)
public struct PartyFolder: Sendable {
    public let root: String
    public let config: PartyConfig

    public init(root: String) throws {
        self.root = root
        guard let data = FileManager.default.contents(atPath: root + "/party.json") else {
            throw VaultError.noDataDirectory(root, missing: "no party.json")
        }
        do { config = try NodeJSON.decoder().decode(PartyConfig.self, from: data) } catch {
            throw VaultError.malformed("\(root)/party.json: \(error.localizedDescription)")
        }
    }

    public func identity() throws -> Identity { try Ledger.KeyFile.read(path: root + "/identity.key") }

    func secret(_ name: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root + "/" + name) else {
            throw VaultError.io("\(root)/\(name) is missing: this folder holds no \(what)")
        }
        return [UInt8](data)
    }

    public func escrowKey() throws -> EscrowKey {
        try EscrowKey(rawRepresentation: try secret("escrow.key", what: "provider escrow key"))
    }

    /// The key authority's public parameters from public.key, refused unless
    /// their digest is the one party.json pins (`authority_key_sha256`), so a
    /// swapped public.key cannot make the provider encrypt to another
    /// authority. A party.json written before the pin existed has none: the
    /// public.key found is then trusted on first use and its digest written
    /// into party.json (docs/VAULT.md, "The authority's key is pinned").
    public func publicParameters() throws -> PublicParameters {
        let pp: PublicParameters
        do { pp = try ABE.KeyFile.decodePublicParameters(try secret("public.key", what: "key authority public key")) } catch let e as ABEError {
            throw VaultError.malformed("\(root)/public.key: \(e.description)")
        }
        let found = Hex.encode(pp.digest)
        guard let pinned = config.authorityKeySHA256 else {
            var pinning = config
            pinning.authorityKeySHA256 = found
            // Best effort: a folder that cannot be written still works, unpinned.
            try? PartyFolder.writeConfig(pinning, in: root)
            return pp
        }
        guard pinned.lowercased() == found else {
            throw VaultError.keyRefused("\(root)/public.key is not the key authority's public key this party is pinned to: "
                + "party.json pins fingerprint \(pinned.prefix(16).lowercased()) (SHA-256 \(pinned.lowercased())), "
                + "public.key has fingerprint \(pp.fingerprintHex) (SHA-256 \(found)); refusing to use it")
        }
        return pp
    }

    /// Writes a new party folder; refuses to overwrite one.
    @discardableResult
    public static func create(at root: String, config: PartyConfig, identity: Identity,
                              secrets: [String: [UInt8]] = [:], files: [String: [UInt8]] = [:]) throws -> PartyFolder {
        if FileManager.default.fileExists(atPath: root + "/party.json") { throw VaultError.alreadyInitialized(root) }
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch { throw VaultError.io("cannot create \(root): \(error.localizedDescription)") }
        try Ledger.KeyFile.write(identity, to: root + "/identity.key")
        for (name, bytes) in secrets { try Files.write(bytes, to: root + "/" + name, secret: true) }
        for (name, bytes) in files { try Files.write(bytes, to: root + "/" + name) }
        var config = config
        if config.authorityKeySHA256 == nil, let publicKey = files["public.key"],
           let pp = try? ABE.KeyFile.decodePublicParameters(publicKey) {
            config.authorityKeySHA256 = Hex.encode(pp.digest)
        }
        try writeConfig(config, in: root)
        return try PartyFolder(root: root)
    }

    static func writeConfig(_ config: PartyConfig, in root: String) throws {
        let e = NodeJSON.encoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Files.write([UInt8](try e.encode(config)), to: root + "/party.json", overwrite: true)
    }
}

/// party.json.
public struct PartyConfig: Codable, Sendable {
    enum CodingKeys: String, CodingKey { case format, member, role, chainId = "chain_id", node, authorityKeySHA256 = "authority_key_sha256" }

    public var format = "record-vault-party/v1"
    public var member: String
    public var role: String
    /// The genesis hash this party trusts (pinned at setup).
    public var chainId: String
    /// The node this party talks to unless --node says otherwise.
    public var node: String?
    /// Parties holding public.key (provider, authority): SHA-256 of the key
    /// authority's public parameters (`PublicParameters.digest`, 64 hex
    /// digits; its first 16 are the fingerprint containers carry).
    public var authorityKeySHA256: String?

    public init(member: String, role: String, chainId: String, node: String?, authorityKeySHA256: String? = nil) {
        self.member = member; self.role = role; self.chainId = chainId; self.node = node
        self.authorityKeySHA256 = authorityKeySHA256
    }
}
