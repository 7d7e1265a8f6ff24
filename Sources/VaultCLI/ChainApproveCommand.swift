import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", abstract: "Add your admin approval to a proposal file.",
            discussion: """
                Example:
                  vault chain approve --key admin2.key --proposal proposal.json
                """)

        @Option(help: "Approving admin's key file.") var key: String
        @Option(help: "Proposal file; rewritten in place with the approval added.") var proposal: String
        @Flag(help: "Print JSON: {type, member, proposer, approver}.") var json = false

        func validate() throws {
            if Streams.isStandard(proposal) { throw ValidationError("--proposal is rewritten in place with the approval; give a file, not -") }
        }

        func run() throws {
            let identity = try KeyFile.read(path: key)
            let body = try ProposalFile.read(path: proposal)
            let approval = try Governance.approve(body, as: identity)
            try ProposalFile.write(body.adding(approvals: [approval]), to: proposal, overwrite: true)
            let document = PayloadDocument(body.payload)
            if json {
                return try printJSON(["type": .string(document.type), "member": .optional(document.member?.id ?? document.memberID),
                                      "proposer": .string(body.submitter), "approver": .string(identity.memberID)] as JSONValue)
            }
            print("approved \(document.type) of '\(document.member?.id ?? document.memberID ?? "")' proposed by \(body.submitter) as \(identity.memberID)")
        }
    }
}
