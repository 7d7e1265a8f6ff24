import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the chain's genesis block from a members file.",
            discussion: """
                Example:
                  vault chain init --data-dir ./chain --members members.json \\
                    --sealer-key validator.key
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Members file (JSON; see docs/LEDGER.md).") var members: String
        @Option(name: .customLong("sealer-key"), help: "Key file of a validator listed in the members file; it seals the genesis block.")
        var sealerKey: String
        @Flag(help: "Print JSON: {chain_name, chain_id, path, members, sealer}.") var json = false

        func run() throws {
            let genesis = try MembersFile.genesis(fromJSON: readFile(members, what: "members file"))
            let sealer = try KeyFile.read(path: sealerKey)
            let directory = dataDir.directory
            // Chain.create refuses a store that already holds a chain.
            let ledger = try Chain.create(genesis: genesis, sealer: sealer,
                                           store: Chain.sqliteStore(in: directory, create: true))
            if json {
                return try printJSON(["chain_name": .string(genesis.chainName), "chain_id": .string(ledger.chainID.hex),
                                      "path": .string(directory.chainPath), "members": .int(genesis.members.count),
                                      "sealer": .string(sealer.memberID)] as JSONValue)
            }
            print("created chain '\(genesis.chainName)' at \(directory.chainPath)")
            print("chain id: \(ledger.chainID.hex)")
            print("members: \(genesis.members.count); genesis sealed by \(sealer.memberID)")
        }
    }
}
