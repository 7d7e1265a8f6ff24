import ABE
import ArgumentParser
import Foundation
import Ledger
import Vault

/// `vault init`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an organisation's node directory and its parties' separate folders.",
        discussion: """
            Writes DATA-DIR/node (the node: chain replica, blob store, its validator identity; `vault serve \
            --data-dir DATA-DIR/node` serves it) and DATA-DIR/admin, /authority, /provider, /auditor, each \
            holding only that party's own secrets. Copy a party's folder to its own machine to run it apart.
            Example:
              vault init --data-dir ./hospital-b --organisation "Hospital B"
            """)

    @Option(name: .customLong("data-dir"), help: "Where to create the folders (default: $VAULT_DATA_DIR, else ./.vault).")
    var dataDir: String?

    @Option(help: "The organisation whose members the chain starts with.")
    var organisation = "Hospital A"

    @Option(help: "CP-ABE scheme of the key authority.")
    var scheme: SchemeChoice = .fabeo

    @Option(help: "The node URL to write into the party folders (default: none; commands then open the node in process).")
    var node: String?

    @Flag(help: "Print JSON: {data_dir, chain_id, node, members: {node, admin, authority, provider, auditor}}.")
    var json = false

    func run() throws {
        let root = DataDirectory.resolve(option: dataDir).url.path
        let created = try NetworkSetup.create(at: root, organisation: organisation, scheme: scheme.id, nodeURL: node)
        if json {
            return try printJSON(["data_dir": .string(root), "chain_id": .string(created.chainID), "node": .string(created.node),
                                  "members": .object(created.members.mapValues(JSONValue.string))] as JSONValue)
        }
        print("initialised \(root) for chain \(created.chainID)")
        print("  node       \(created.node) (validator \(created.members["node"]!)); serve it with: vault serve --data-dir \(created.node)")
        for party in ["admin", "authority", "provider", "auditor"] {
            print("  \(party.padded(10)) \(root)/\(party) (\(created.members[party]!))")
        }
        print("next: a reader runs `vault identity new --member ID --folder DIR --chain-id \(created.chainID)`, an admin `vault member add`")
    }
}

/// The CP-ABE schemes, as a command-line choice.
enum SchemeChoice: String, CaseIterable, ExpressibleByArgument {
    case fabeo, fame
    var id: SchemeID { self == .fabeo ? .fabeo : .fame }
}
