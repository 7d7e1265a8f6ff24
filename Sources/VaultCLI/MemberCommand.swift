import ArgumentParser
import Foundation
import Ledger
import Vault

/// `vault member add|revoke`, as an admin through the node.
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Add or revoke chain members through the node (as an admin).",
        subcommands: [MemberAddCommand.self, MemberRevokeCommand.self, MemberApproveCommand.self, MemberSubmitCommand.self])
}
