import ArgumentParser
import Foundation
import Ledger
import Vault

/// `vault member approve`.
struct MemberApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve another admin's membership proposal (offline: signs the file, contacts no node).",
        discussion: """
            Example:
              vault member approve --party net/hospitalb/admin --proposal add-dr-dana.json
            """)

    @Option(help: "The approving admin's folder.") var party: String
    @Option(help: "The proposal file (from `vault member add --proposal`); the approval is added to it.") var proposal: String
    @Flag(help: "Print JSON: {type, member, proposer, approver}.") var json = false

    func validate() throws {
        if Streams.isStandard(proposal) { throw ValidationError("--proposal is rewritten in place with the approval; give a file, not -") }
    }

    func run() throws {
        let admin = try PartyFolder(root: party)
        let body = try ProposalFile.read(path: proposal)
        guard body.chainID.hex == admin.config.chainId else { throw VaultError.malformed("\(proposal) is for another chain than \(party)'s") }
        let approved = try Admin.approve(body, as: try admin.identity())
        try ProposalFile.write(approved, to: proposal, overwrite: true)
        let document = PayloadDocument(body.payload)
        if json {
            return try printJSON(["type": .string(document.type), "member": .optional(document.member?.id ?? document.memberID),
                                  "proposer": .string(body.submitter), "approver": .string(admin.config.member)] as JSONValue)
        }
        print("approved \(document.type) of \(document.member?.id ?? document.memberID ?? "?") proposed by \(body.submitter) as \(admin.config.member)")
    }
}
