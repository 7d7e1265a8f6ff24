import ABE
import ArgumentParser
import Foundation
import Vault

/// `vault setup`.
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create an organisation's node directory and its parties' separate folders.",
        discussion: """
            Writes DIR/node (for `vault serve`) and DIR/admin, DIR/authority, DIR/provider, DIR/auditor, \
            each holding only that party's own secrets.
            Example: vault setup --dir demo --organisation "Hospital A" --node http://127.0.0.1:7300
            """)

    @Option(help: "Where to create the folders (must not hold a setup already).")
    var dir: String

    @Option(help: "The organisation whose members the chain starts with.")
    var organisation = "Hospital A"

    @Option(help: "The node URL written into the party folders.")
    var node: String?

    func run() throws {
        try reportingErrors {
            let created = try NetworkSetup.create(at: dir, organisation: organisation, nodeURL: node)
            print("chain \(created.chainID)")
            print("node folder \(created.node) (validator \(created.members["node"]!)); start it with: vault serve --data-dir \(created.node)")
            for party in ["admin", "authority", "provider", "auditor"] {
                print("  \(dir)/\(party): \(created.members[party]!)")
            }
        }
    }
}
