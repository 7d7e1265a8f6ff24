import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Reindex: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reindex",
            abstract: "Rebuild the query and member views from the verified blocks.",
            discussion: """
                Example:
                  vault chain reindex
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Flag(help: "Print JSON: {blocks}.") var json = false

        func run() throws {
            let ledger = try dataDir.openChain()
            try ledger.rebuildViews()
            if json { return try printJSON(["blocks": .int(ledger.height + 1)] as JSONValue) }
            print("rebuilt the views of \(ledger.height + 1) blocks")
        }
    }
}
