import Foundation
import ABE
import ArgumentParser

/// `vault policy …`: the access-policy language.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check access policies against the attribute catalog.",
        subcommands: [PolicyCheckCommand.self])
}
