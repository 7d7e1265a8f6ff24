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
        let org = try OrganisationRoster(organisation)
        let genesis = try GenesisConfig(chainName: "\(org.slug)-records", createdAt: LedgerClock.nowMillis(),
                                        salt: SecureRandom.bytes(16), members: org.members)
        let chainID = genesis.chainID.hex

        // The node: chain, stores, its validator identity; no user secret.
        try createNodeFolder(nodeDirectory, identity: org.identities["node"]!)
        let store = try Chain.sqliteStore(in: nodeDirectory.dataDirectory, create: true)
        _ = try Chain.create(genesis: genesis, sealer: org.identities["node"]!, store: store)
        try nodeDirectory.writeConfig(NodeConfig(organisation: organisation, chainName: genesis.chainName, chainId: chainID,
                                                 nodeMember: org.identities["node"]!.memberID, createdAt: isoTimestamp(Date())))
        try writeParties(of: org, at: root, chainID: chainID, scheme: scheme, nodeURL: nodeURL)
        return Created(chainID: chainID, node: nodeDirectory.root,
                       members: Dictionary(uniqueKeysWithValues: OrganisationRoster.parties.map { ($0.party, org.identities[$0.party]!.memberID) }))
    }

    /// One organisation's members: its node (a validator), admin, key
    /// authority, provider and auditor, each with a fresh identity.
    struct OrganisationRoster {
        static let parties: [(party: String, roles: Set<Role>)] = [
            ("node", [.validator]), ("admin", [.admin]), ("authority", [.authority]), ("provider", [.provider]), ("auditor", [.auditor]),
        ]
        let name: String
        let slug: String
        let identities: [String: Identity]
        let members: [Member]

        init(_ organisation: String) throws {
            let slug = organisation.lowercased().filter { ($0.isLetter || $0.isNumber) && $0.isASCII }
            guard !slug.isEmpty else { throw VaultError.malformed("the organisation name \(DisplayText.escaped(organisation)) needs at least one ASCII letter or digit") }
            var identities: [String: Identity] = [:]
            var members: [Member] = []
            for entry in Self.parties {
                let identity = Identity(memberID: "\(slug)-\(entry.party)", key: try SigningKey.generate())
                identities[entry.party] = identity
                members.append(try Member(id: identity.memberID, organisation: organisation, roles: entry.roles, publicKey: identity.publicKey))
            }
            self.name = organisation
            self.slug = slug
            self.identities = identities
            self.members = members
        }
    }

    static func createNodeFolder(_ nodeDirectory: NodeDirectory, identity: Identity) throws {
        do {
            try FileManager.default.createDirectory(atPath: nodeDirectory.root, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch { throw VaultError.io("cannot create \(nodeDirectory.root): \(error.localizedDescription)") }
        try Ledger.KeyFile.write(identity, to: nodeDirectory.identity)
    }

    /// The admin, authority, provider and auditor folders of one organisation under `root`.
    static func writeParties(of org: OrganisationRoster, at root: String, chainID: String, scheme: SchemeID, nodeURL: String?) throws {
        let (pp, ms) = KeyAuthority.setup(scheme: scheme)
        let publicKey = ABE.KeyFile.encode(pp)
        func config(_ party: String, _ role: String) -> PartyConfig {
            PartyConfig(member: org.identities[party]!.memberID, role: role, chainId: chainID, node: nodeURL)
        }
        try PartyFolder.create(at: root + "/admin", config: config("admin", "admin"), identity: org.identities["admin"]!)
        try PartyFolder.create(at: root + "/authority", config: config("authority", "authority"), identity: org.identities["authority"]!,
                               secrets: ["master.key": ABE.KeyFile.encode(ms, publicParameters: pp)], files: ["public.key": publicKey])
        try PartyFolder.create(at: root + "/provider", config: config("provider", "provider"), identity: org.identities["provider"]!,
                               secrets: ["escrow.key": EscrowKey.generate().rawRepresentation], files: ["public.key": publicKey])
        try PartyFolder.create(at: root + "/auditor", config: config("auditor", "auditor"), identity: org.identities["auditor"]!)
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
