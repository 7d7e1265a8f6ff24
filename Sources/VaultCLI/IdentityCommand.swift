import ArgumentParser
import Foundation
import Ledger
import Vault

/// `vault identity new`.
struct IdentityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity", abstract: "Create a reader's own folder and identity.",
        subcommands: [IdentityNewCommand.self])
}
