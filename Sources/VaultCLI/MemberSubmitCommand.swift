import ArgumentParser
import Foundation
import Ledger
import Vault

/// `vault member submit`.
struct MemberSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Submit an approved membership proposal through the node (as the admin that proposed it).",
        discussion: """
            Example:
              vault member submit --party net/hospitala/admin --proposal add-dr-dana.json
            """)

    @OptionGroup var party: PartyOptions
    @Option(help: "The proposal file carrying the other admins' approvals.") var proposal: String
    @Flag(help: "Print JSON: the receipt {transaction_ids, height, block_hash}.") var json = false

    func run() throws {
        let body = try readProposal(proposal)
        let receipt = try party.run(default: "admin") { folder, transport in
            try Admin(folder: folder, transport: transport).submit(proposal: body)
        }
        if json { return try printJSON(receipt) }
        let approvals: Int
        switch body.payload {
        case .memberAdded(let p): approvals = p.approvals.count
        case .memberRemoved(let p): approvals = p.approvals.count
        default: approvals = 0
        }
        print("\(body.kind.name) submitted with \(approvals) approval(s) besides the proposer's at height \(receipt.height)")
    }
}
