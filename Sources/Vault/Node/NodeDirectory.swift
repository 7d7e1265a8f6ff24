import Foundation
import Ledger

/// A node's data directory: the chain replica, the stores, the node's own
/// validator identity. No user key, master key, data key or plaintext.
///
///     node.json        NodeConfig (below); `etcd` names the cluster that orders its blocks
///     node.key         the node's Ed25519 validator identity (0600)
///     chain.sqlite     the chain replica
///     verified-tip     HEIGHT:HASH of the last block this node verified
///     blobs/pack-*     record blobs (ciphertext) by SHA-256, in pack files (`FileBlobStore`)
///     escrow/pack-*    each blob's data key sealed to its provider (HPKE), by the blob's SHA-256
///     records/pack-*   record metadata (the patient commitment's salt), by record id
///     node.lock        held while a process has the node open
public struct NodeDirectory: Sendable {
    public let root: String
    public init(root: String) { self.root = root }

    var config: String { root + "/node.json" }
    var identity: String { root + "/node.key" }
    var verifiedTip: String { root + "/verified-tip" }
    var lock: String { root + "/node.lock" }
    var blobs: String { root + "/blobs" }
    var escrow: String { root + "/escrow" }
    var records: String { root + "/records" }
    var dataDirectory: DataDirectory { DataDirectory(url: URL(fileURLWithPath: root)) }
}

/// node.json.
public struct NodeConfig: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey {
        case format, organisation, chainName = "chain_name", chainId = "chain_id", nodeMember = "node_member", createdAt = "created_at", etcd
    }

    public var format = "record-vault-node/v1"
    public var organisation: String
    public var chainName: String
    /// The genesis hash every client pins.
    public var chainId: String
    /// The node's member id (a validator).
    public var nodeMember: String
    public var createdAt: String
    /// Client URLs of the etcd cluster that orders this chain's blocks;
    /// nil for a chain this node orders itself. A replica of a cluster's
    /// chain never seals blocks on its own, or it would fork the chain.
    public var etcd: [String]?

    public init(organisation: String, chainName: String, chainId: String, nodeMember: String, createdAt: String,
                etcd: [String]? = nil) {
        self.organisation = organisation
        self.chainName = chainName
        self.chainId = chainId
        self.nodeMember = nodeMember
        self.createdAt = createdAt
        self.etcd = etcd
    }
}

extension NodeDirectory {
    /// Reads node.json.
    public func readConfig() throws -> NodeConfig {
        guard let data = FileManager.default.contents(atPath: config) else {
            throw VaultError.noDataDirectory(root)
        }
        do { return try NodeJSON.decoder().decode(NodeConfig.self, from: data) } catch {
            throw VaultError.malformed("\(config): \(error.localizedDescription)")
        }
    }

    /// Writes node.json; a new node's unless `replacing` (a node moving onto
    /// a cluster records it in the node.json it has).
    func writeConfig(_ value: NodeConfig, replacing: Bool = false) throws {
        let e = NodeJSON.encoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Files.write([UInt8](try e.encode(value)), to: config, overwrite: replacing)
    }

    /// For commands that seal blocks into the chain store directly (`vault
    /// chain submit`): throws when node.json records a cluster, since this
    /// folder is then a replica of a chain the cluster orders. A folder
    /// without node.json (a chain made by `vault chain init`) orders its own.
    public func refuseSealingAlone() throws {
        guard FileManager.default.fileExists(atPath: config) else { return }
        if try readConfig().etcd != nil { throw sealingAloneRefused }
    }

    /// Why a replica of a cluster's chain is not opened without its cluster:
    /// a block it sealed alone would fork the chain.
    var sealingAloneRefused: VaultError {
        .malformed("\(config) says an etcd cluster orders this chain; open the node with its cluster (vault serve --etcd URL[,URL…]), never alone, or it would fork the chain")
    }
}

/// Holds `node.lock` with flock(2): a second process opening the same node
/// waits for the first to close it instead of failing it.
final class DirectoryLock: @unchecked Sendable {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw VaultError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            FileHandle.standardError.write(Data("waiting for another process that has \(path) open…\n".utf8))
            guard flock(fd, LOCK_EX) == 0 else { throw VaultError.io("cannot lock \(path): \(String(cString: strerror(errno)))") }
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
