import ArgumentParser
import Foundation
import Ledger
import Vault

struct MemberAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a member (MemberAdded, signed by the admin).",
        discussion: """
            A chain with several admins needs a majority of them: give --proposal FILE, have the other admins \
            approve the file (`vault member approve`), then submit it (`vault member submit`).
            Example:
              vault member add --id dr-carol --role clinician \\
                --public-key "$(vault identity new --member dr-carol --folder carol)"
            """)

    @OptionGroup var party: PartyOptions
    @Option(help: "The new member's id.") var id: String
    @Option(help: "Its organisation (default: the admin's).") var organisation: String?
    @Option(help: "A role: admin, validator, authority, provider, clinician, auditor (repeatable).") var role: [String]
    @Option(help: "Its Ed25519 public key (64 hex digits, from `vault identity new`).") var publicKey: String
    @Option(help: "Write the change to this proposal file for the other admins to approve (`vault member approve`), instead of submitting it.")
    var proposal: String?
    @Flag(help: "Print JSON: the receipt {transaction_ids, height, block_hash}, or {proposal} with --proposal.") var json = false

    func run() throws {
        var roles = Set<Role>()
        for name in role {
            guard let r = Role(name: name) else { throw ValidationError("unknown role \(name)") }
            roles.insert(r)
        }
        let receipt = try party.run(default: "admin") { folder, transport -> Receipt? in
            let admin = try Admin(folder: folder, transport: transport)
            let org = try organisation ?? {
                let members = try admin.client.call("GET", "/v1/members", as: [MemberView].self)
                return members.first { $0.id == folder.config.member }?.organisation ?? "unknown"
            }()
            let member = try Member(id: id, organisation: org, roles: roles, publicKey: try PublicKey(hex: publicKey))
            if let proposal {
                try Streams.checkOutput(proposal, what: "the proposal", secret: false)
                try Streams.write(try ProposalFile.encoded(try admin.propose(.memberAdded(MemberAdded(member: member)))), to: proposal, secret: false)
                return nil
            }
            return try admin.add(member)
        }
        if json { return try receipt.map(printJSON) ?? printJSON(["proposal": .optional(proposal)] as JSONValue) }
        guard let receipt else {
            if proposal.map(Streams.isStandard) == true { return }
            print("wrote the proposal to add \(id) to \(proposal ?? ""); the other admins run `vault member approve --party DIR --proposal \(proposal ?? "")`, then you run `vault member submit --proposal \(proposal ?? "")`")
            return
        }
        print("added \(id) at height \(receipt.height)")
    }
}
