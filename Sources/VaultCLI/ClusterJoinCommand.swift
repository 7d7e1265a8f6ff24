import ArgumentParser
import Foundation
import Ledger
import Vault

/// `vault cluster join`.
struct ClusterJoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Make a node folder a replica of a chain on the etcd cluster.",
        discussion: """
            DATA-DIR holds the node's identity (node.key, from `vault cluster create`). The genesis block is \
            fetched from the cluster and must hash to --chain-id and name this node as a validator; \
            `vault serve --data-dir DATA-DIR` then follows the cluster, judging every block before applying it.
            Example (CHAIN_ID is the genesis hash `vault cluster create` printed):
              vault cluster join --etcd http://127.0.0.1:23791 \\
                --data-dir net/hospitala/node --chain-id "$CHAIN_ID"
            """)

    @OptionGroup var etcd: EtcdOption

    @Option(name: .customLong("data-dir"), help: "The node folder holding node.key.")
    var dataDir: String

    @Option(name: .customLong("chain-id"), help: "The chain's genesis hash (64 hex digits), printed by `vault cluster create`.")
    var chainID: String
    @Flag(help: "Print JSON: {data_dir, chain_id, member, organisation}.") var json = false

    func run() throws {
        guard let endpoints = try etcd.endpoints() else { throw ValidationError("give the cluster: --etcd URL[,URL…] or $VAULT_ETCD") }
        let orderer = try EtcdOption.orderer(endpoints: endpoints, chainID: chainID)
        defer { orderer.client.shutdown() }
        let config = try ClusterSetup.join(node: NodeDirectory(root: dataDir), chainID: chainID, orderer: orderer, etcd: endpoints)
        if json {
            return try printJSON(["data_dir": .string(dataDir), "chain_id": .string(chainID), "member": .string(config.nodeMember),
                                  "organisation": .string(config.organisation)] as JSONValue)
        }
        print("\(dataDir) joined chain \(chainID.prefix(16))… as \(config.nodeMember) (\(config.organisation)); serve it with: vault serve --data-dir \(dataDir)")
    }
}
