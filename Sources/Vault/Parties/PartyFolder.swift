import ABE
import Foundation
import Ledger
import VaultSupport

/// One party's own folder: its member identity and its own secrets only.
///
///     party.json        PartyConfig (below)
///     identity.key      the member's Ed25519 identity (0600)
///     escrow.key        provider: X25519 escrow private key (0600)
///     public.key        provider, authority: the key authority's public parameters
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

    public func publicParameters() throws -> PublicParameters {
        do { return try ABE.KeyFile.decodePublicParameters(try secret("public.key", what: "key authority public key")) } catch let e as ABEError {
            throw VaultError.malformed("\(root)/public.key: \(e.description)")
        }
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
        let e = NodeJSON.encoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Files.write([UInt8](try e.encode(config)), to: root + "/party.json")
        return try PartyFolder(root: root)
    }
}

/// party.json.
public struct PartyConfig: Codable, Sendable {
    enum CodingKeys: String, CodingKey { case format, member, role, chainId = "chain_id", node }

    public var format = "record-vault-party/v1"
    public var member: String
    public var role: String
    /// The genesis hash this party trusts (pinned at setup).
    public var chainId: String
    /// The node this party talks to unless --node says otherwise.
    public var node: String?

    public init(member: String, role: String, chainId: String, node: String?) {
        self.member = member; self.role = role; self.chainId = chainId; self.node = node
    }
}
