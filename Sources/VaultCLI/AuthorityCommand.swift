import ABE
import ArgumentParser
import Foundation
import Ledger
import Vault
import VaultSupport

/// `vault authority …`: for key authorities.
struct AuthorityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authority",
        abstract: "Set up a key authority and issue attribute keys.",
        subcommands: [AuthoritySetupCommand.self, AuthorityKeygenCommand.self])
}
