import ABE
import ArgumentParser
import Foundation
import Vault

/// `vault consent grant|revoke`, as the provider.
struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Change who may read a record; the key is re-wrapped on the provider's machine.",
        subcommands: [ConsentGrantCommand.self, ConsentRevokeCommand.self])
}
