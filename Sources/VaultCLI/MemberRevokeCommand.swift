import ArgumentParser
import Foundation
import Ledger
import Vault

struct MemberRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a member (MemberRemoved); the node refuses it from then on.",
        discussion: "Example: vault member revoke --party demo/admin --id dr-alice --reason \"left the hospital\"")

    @OptionGroup var party: PartyOptions
    @Option(help: "The member to revoke.") var id: String
    @Option(help: "Why (on the chain).") var reason = "revoked"

    func run() throws {
        try reportingErrors {
            let receipt = try party.run(default: "admin") { folder, transport in
                try Admin(folder: folder, transport: transport).revoke(id, reason: reason)
            }
            print("revoked \(id) at height \(receipt.height)")
        }
    }
}
