import ArgumentParser
import Foundation
import Ledger
import Vault

struct MemberRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a member (MemberRemoved); the node refuses it from then on.",
        discussion: """
            Example:
              vault member revoke --id dr-alice --reason "left the hospital"
            """)

    @OptionGroup var party: PartyOptions
    @Option(help: "The member to revoke.") var id: String
    @Option(help: "Why (on the chain).") var reason = "revoked"
    @Flag(help: "Print JSON: the receipt {transaction_ids, height, block_hash}.") var json = false

    func run() throws {
        let receipt = try party.run(default: "admin") { folder, transport in
            try Admin(folder: folder, transport: transport).revoke(id, reason: reason)
        }
        if json { return try printJSON(receipt) }
        print("revoked \(id) at height \(receipt.height)")
    }
}
