import ABE
import Foundation
import Ledger
import LedgerSQLite
import VaultSupport

/// `vault init`: one organisation's node directory and the separate
/// folders of its parties, on one machine. Each folder holds only its own
/// party's secrets; copy a folder to that party's machine to run it apart.
///
///     ROOT/node/        the node (NodeDirectory)
///     ROOT/admin/       admin identity
///     ROOT/authority/   authority identity, master.key, public.key
///     ROOT/provider/    provider identity, escrow.key, public.key
///     ROOT/auditor/     auditor identity
public enum NetworkSetup {
    public struct Created: Sendable {
        public let chainID: String
        public let node: String
        public let members: [String: String]
    }

    public static func create(at root: String, organisation: String = "Hospital A", scheme: SchemeID = .fabeo,
                              nodeURL: String? = nil) throws -> Created {
        let nodeDirectory = NodeDirectory(root: root + "/node")
        for path in [nodeDirectory.config, root + "/admin/party.json"] where FileManager.default.fileExists(atPath: path) {
            throw VaultError.alreadyInitialized(root)
        }
        let slug = organisation.lowercased().filter { $0.isLetter || $0.isNumber }
        guard !slug.isEmpty else { throw VaultError.malformed("the organisation name needs at least one letter or digit") }
        let roster: [(party: String, id: String, roles: Set<Role>)] = [
            ("node", "\(slug)-node", [.validator]), ("admin", "\(slug)-admin", [.admin]),
            ("authority", "\(slug)-authority", [.authority]), ("provider", "\(slug)-provider", [.provider]),
            ("auditor", "\(slug)-auditor", [.auditor]),
        ]
        var identities: [String: Identity] = [:]
        var members: [Member] = []
        for entry in roster {
            let identity = Identity(memberID: entry.id, key: try SigningKey.generate())
            identities[entry.party] = identity
            members.append(try Member(id: entry.id, organisation: organisation, roles: entry.roles, publicKey: identity.publicKey))
        }
        let genesis = try GenesisConfig(chainName: "\(slug)-records", createdAt: LedgerClock.nowMillis(),
                                        salt: SecureRandom.bytes(16), members: members)
        let chainID = genesis.chainID.hex

        // The node: chain, stores, its validator identity; no user secret.
        do {
            try FileManager.default.createDirectory(atPath: nodeDirectory.root, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch { throw VaultError.io("cannot create \(nodeDirectory.root): \(error.localizedDescription)") }
        try Ledger.KeyFile.write(identities["node"]!, to: nodeDirectory.identity)
        let store = try Chain.sqliteStore(in: nodeDirectory.dataDirectory, create: true)
        _ = try Chain.create(genesis: genesis, sealer: identities["node"]!, store: store)
        let nodeConfig = NodeConfig(organisation: organisation, chainName: genesis.chainName, chainId: chainID,
                                    nodeMember: identities["node"]!.memberID, createdAt: isoTimestamp(Date()))
        let e = NodeJSON.encoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Files.write([UInt8](try e.encode(nodeConfig)), to: nodeDirectory.config)

        // The parties.
        let (pp, ms) = KeyAuthority.setup(scheme: scheme)
        let publicKey = ABE.KeyFile.encode(pp)
        func config(_ party: String, _ role: String) -> PartyConfig {
            PartyConfig(member: identities[party]!.memberID, role: role, chainId: chainID, node: nodeURL)
        }
        try PartyFolder.create(at: root + "/admin", config: config("admin", "admin"), identity: identities["admin"]!)
        try PartyFolder.create(at: root + "/authority", config: config("authority", "authority"), identity: identities["authority"]!,
                               secrets: ["master.key": ABE.KeyFile.encode(ms, publicParameters: pp)], files: ["public.key": publicKey])
        try PartyFolder.create(at: root + "/provider", config: config("provider", "provider"), identity: identities["provider"]!,
                               secrets: ["escrow.key": EscrowKey.generate().rawRepresentation], files: ["public.key": publicKey])
        try PartyFolder.create(at: root + "/auditor", config: config("auditor", "auditor"), identity: identities["auditor"]!)
        return Created(chainID: chainID, node: nodeDirectory.root,
                       members: Dictionary(uniqueKeysWithValues: roster.map { ($0.party, $0.id) }))
    }

    /// `vault identity new`: a reader's folder with a fresh identity, pinned
    /// to `chainID`. The admin adds the printed public key as a member.
    public static func createReader(at root: String, member: String, chainID: String, nodeURL: String?) throws -> Identity {
        guard Digest32(hex: chainID) != nil else { throw VaultError.malformed("the chain id is 64 hex digits (the genesis hash)") }
        let identity = Identity(memberID: member, key: try SigningKey.generate())
        _ = try Member(id: member, organisation: "-", roles: [.clinician], publicKey: identity.publicKey)  // checks the id
        try PartyFolder.create(at: root, config: PartyConfig(member: member, role: "reader", chainId: chainID, node: nodeURL),
                               identity: identity)
        return identity
    }
}
