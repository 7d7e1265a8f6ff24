import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

/// `vault chain …`: the permissioned chain. Logic lives in the Ledger module;
/// these commands parse arguments and print.
struct ChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Create, inspect, extend and verify the permissioned chain.",
        subcommands: [Keygen.self, Init.self, Show.self, Members.self, Verify.self, Prove.self, CheckProof.self,
                      Submit.self, Propose.self, Approve.self, Reindex.self])
}
