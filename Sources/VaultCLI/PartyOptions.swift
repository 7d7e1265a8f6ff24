import ArgumentParser
import Foundation
import Ledger
import Vault
import VaultClient

/// Who acts, and through which node.
///
/// The party: `--party DIR`, else $VAULT_PARTY, else the command's default
/// party folder in the embedded vault (`DATA-DIR/provider` for put, …).
/// The node: `--node URL`, else $VAULT_NODE, else the party folder's node,
/// else the embedded node `DATA-DIR/node` opened in this process (the same
/// API and signature checks, without HTTP). DATA-DIR is `--data-dir`, else
/// $VAULT_DATA_DIR, else ./.vault (`vault init` makes it).
struct PartyOptions: ParsableArguments {
    @Option(help: "The acting party's folder: its identity and its own secrets (default: $VAULT_PARTY, else the embedded vault's).")
    var party: String?

    @Option(help: "The node's URL, e.g. http://127.0.0.1:7300 (default: $VAULT_NODE, else the party's node, else the embedded node).")
    var node: String?

    @Option(name: .customLong("node-ca"), help: "PEM certificates to trust for an https node instead of the system's (default: $VAULT_NODE_CA).")
    var nodeCA: String?

    @Option(name: .customLong("data-dir"), help: "The embedded vault made by `vault init` (default: $VAULT_DATA_DIR, else ./.vault).")
    var dataDir: String?

    var vaultRoot: String { DataDirectory.resolve(option: dataDir).url.path }

    /// Whether a node URL or a party folder was named: read through the API
    /// as that party, instead of from the local replica.
    var remote: Bool {
        node != nil || party != nil || environment("VAULT_NODE") != nil
            || environment("VAULT_PARTY") != nil
    }

    /// The local replica: the embedded vault's node, or `--data-dir` itself.
    var localChain: DataDirectory { DataDirectory(url: URL(fileURLWithPath: DataDirectoryOption.nodeRoot(vaultRoot))) }

    /// The party folder; `defaultParty` names the embedded vault's folder to use when none is given.
    func folder(default defaultParty: String?) throws -> PartyFolder {
        if let path = party ?? environment("VAULT_PARTY") { return try PartyFolder(root: path) }
        guard let defaultParty else {
            throw ValidationError("give the reader's folder with --party DIR (made by `vault identity new`), or set VAULT_PARTY")
        }
        let path = vaultRoot + "/" + defaultParty
        guard FileManager.default.fileExists(atPath: path + "/party.json") else {
            throw VaultError.noDataDirectory(vaultRoot, missing: "no \(defaultParty) folder")
        }
        return try PartyFolder(root: path)
    }

    /// Opens the way to the node; `close()` when done.
    func connect(for folder: PartyFolder) throws -> NodeConnection {
        if let url = node ?? environment("VAULT_NODE") ?? folder.config.node {
            return NodeConnection(transport: try HTTPTransport(url: url, trustedCertificates: nodeCA ?? environment("VAULT_NODE_CA")), node: nil)
        }
        let embedded = NodeDirectory(root: vaultRoot + "/node")
        let opened = try VaultNode(directory: embedded)
        return NodeConnection(transport: InProcessTransport(api: NodeAPI(node: opened)), node: opened)
    }

    /// Runs `body` as the party, through its node, closing an embedded node afterwards.
    func run<T>(default defaultParty: String?, _ body: (PartyFolder, NodeTransport) throws -> T) throws -> T {
        let folder = try folder(default: defaultParty)
        let connection = try connect(for: folder)
        defer { connection.close() }
        return try body(folder, connection.transport)
    }
}

/// An environment variable, with an empty value counting as unset.
func environment(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
}

struct NodeConnection {
    let transport: NodeTransport
    let node: VaultNode?
    func close() { node?.close() }
}
