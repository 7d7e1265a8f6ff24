import ABE
import Foundation
import Ledger
import LedgerSQLite
import VaultSupport

/// A chain shared by several organisations, its blocks ordered by an etcd
/// cluster (`vault cluster create`, `vault cluster join`).
///
///     ROOT/<org>/node/   that organisation's node identity (a validator);
///                        `vault cluster join` turns it into a replica
///     ROOT/<org>/admin/, /authority/, /provider/, /auditor/
///
/// Every organisation's node is a validator and every organisation's admin
/// votes on membership changes. Each organisation copies its own folders to
/// its own machines; no folder holds another organisation's secrets.
public enum ClusterSetup {
    public struct Created: Sendable {
        public let chainID: String
        /// Organisation name and folder, in the order given.
        public let organisations: [(name: String, folder: String)]
    }

    /// Creates the genesis naming every organisation's members, sealed by the
    /// first organisation's node, and puts it at height 0 of the cluster.
    /// `orderer` gives the cluster's orderer for the new chain's id.
    public static func create(at root: String, organisations: [String], scheme: SchemeID = .fabeo,
                              orderer: (Digest32) throws -> BlockOrderer) throws -> Created {
        guard organisations.count >= 1 else { throw VaultError.malformed("name at least one organisation (--organisation)") }
        let rosters = try organisations.map(NetworkSetup.OrganisationRoster.init)
        guard Set(rosters.map(\.slug)).count == rosters.count else {
            throw VaultError.malformed("two organisations have the same folder name \(rosters.map(\.slug)); name them apart")
        }
        for roster in rosters where FileManager.default.fileExists(atPath: root + "/" + roster.slug) {
            throw VaultError.alreadyInitialized(root + "/" + roster.slug)
        }
        let genesis = try GenesisConfig(chainName: rosters.map(\.slug).joined(separator: "-") + "-records",
                                        createdAt: LedgerClock.nowMillis(), salt: SecureRandom.bytes(16),
                                        members: rosters.flatMap(\.members))
        // The genesis block is built in memory and offered to the cluster; each
        // node's replica starts from the cluster's copy when it joins.
        let sealer = rosters[0].identities["node"]!
        let memory = MemoryLedgerStore()
        _ = try Chain.create(genesis: genesis, sealer: sealer, store: memory)
        guard let block = try memory.block(at: 0) else { throw VaultError.io("the genesis block was not built") }
        if try orderer(genesis.chainID).offer(block) != nil {
            throw VaultError.malformed("the cluster already holds a different block 0 for chain \(genesis.chainID.hex)")
        }
        let chainID = genesis.chainID.hex
        for roster in rosters {
            let folder = root + "/" + roster.slug
            try NetworkSetup.createNodeFolder(NodeDirectory(root: folder + "/node"), identity: roster.identities["node"]!)
            try NetworkSetup.writeParties(of: roster, at: folder, chainID: chainID, scheme: scheme, nodeURL: nil)
        }
        return Created(chainID: chainID, organisations: rosters.map { ($0.name, root + "/" + $0.slug) })
    }

    /// Makes `node` (a folder holding the node's identity, node.key) a replica
    /// of the cluster's chain `chainID`: fetches the genesis block, checks it
    /// hashes to the pinned id and names this identity as a validator, and
    /// writes node.json. `vault serve` then catches up on every later block,
    /// judging each one.
    public static func join(node: NodeDirectory, chainID: String, orderer: BlockOrderer, etcd: [String]) throws -> NodeConfig {
        guard let pinned = Digest32(hex: chainID) else { throw VaultError.malformed("the chain id is 64 hex digits (the genesis hash)") }
        guard !FileManager.default.fileExists(atPath: node.config) else { throw VaultError.alreadyInitialized(node.root) }
        let identity: Identity
        do { identity = try Ledger.KeyFile.read(path: node.identity) } catch {
            throw VaultError.malformed("\(node.identity): the node's identity is needed to join (made by `vault cluster create`): \(error)")
        }
        guard let genesisBlock = try orderer.blocks(from: 0, limit: 1).first else {
            throw VaultError.malformed("the cluster holds no chain \(chainID.prefix(16))…; create it with `vault cluster create`")
        }
        let chain = try Chain.join(genesis: genesisBlock, chainID: pinned, store: try Chain.sqliteStore(in: node.dataDirectory, create: true))
        guard let member = chain.memberRecord(identity.memberID)?.member, member.publicKey == identity.publicKey else {
            throw VaultError.malformed("\(identity.memberID) with this node.key is not a member of chain \(chainID.prefix(16))…")
        }
        guard member.has(.validator) else {
            throw VaultError.malformed("\(member.id) is not a validator of chain \(chainID.prefix(16))…; only validators run nodes")
        }
        let config = NodeConfig(organisation: member.organisation, chainName: chain.genesis.chainName, chainId: chainID,
                                nodeMember: member.id, createdAt: isoTimestamp(Date()), etcd: etcd)
        try node.writeConfig(config)
        return config
    }
}
