import ArgumentParser
import Foundation
import Ledger
import LedgerEtcd
import Vault

/// `vault cluster create`.
struct ClusterCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a chain whose genesis names several organisations and put it on the etcd cluster.",
        discussion: """
            Writes DATA-DIR/<org>/node (that organisation's validator identity) and DATA-DIR/<org>/admin, \
            /authority, /provider, /auditor for each organisation, and puts the genesis block at height 0 \
            of the cluster. Each organisation copies its own folder to its machines and runs \
            `vault cluster join` on its node folder, then `vault serve`.
            Example:
              vault cluster create --etcd http://127.0.0.1:23791 --data-dir net \\
                --organisation "Hospital A" --organisation "Hospital B"
            """)

    @OptionGroup var etcd: EtcdOption

    @Option(name: .customLong("data-dir"), help: "Where to create one folder per organisation.")
    var dataDir: String

    @Option(help: "An organisation of the chain (repeat for each); the first one's node seals the genesis.")
    var organisation: [String] = []

    @Option(help: "CP-ABE scheme of the key authorities.")
    var scheme: SchemeChoice = .fabeo
    @Flag(help: "Print JSON: {chain_id, etcd, organisations: {NAME: FOLDER}}.") var json = false

    func validate() throws {
        guard !organisation.isEmpty else { throw ValidationError("name the organisations: --organisation NAME, once for each") }
    }

    func run() throws {
        guard let endpoints = try etcd.endpoints() else { throw ValidationError("give the cluster: --etcd URL[,URL…] or $VAULT_ETCD") }
        let client = try EtcdClient(endpoints: endpoints)
        defer { client.shutdown() }
        // The orderer's keys depend on the chain id, known once the genesis is made.
        let created = try ClusterSetup.create(at: dataDir, organisations: organisation, scheme: scheme.id) {
            EtcdOrderer(client: client, chainID: $0)
        }
        if json {
            return try printJSON(["chain_id": .string(created.chainID), "etcd": .strings(endpoints),
                                  "organisations": .object(Dictionary(created.organisations.map { ($0.name, JSONValue.string($0.folder)) }) { first, _ in first })] as JSONValue)
        }
        print("created chain \(created.chainID) on \(endpoints.joined(separator: ","))")
        for (name, folder) in created.organisations {
            print("  \(name): \(folder) — join its node with: vault cluster join --etcd \(endpoints.joined(separator: ",")) --data-dir \(folder)/node --chain-id \(created.chainID)")
        }
    }
}
