import ArgumentParser
import Foundation
import Ledger
import Vault

struct MemberAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a member (MemberAdded, signed by the admin).",
        discussion: "Example: vault member add --party demo/admin --id dr-alice --role clinician --public-key <64 hex>")

    @OptionGroup var party: PartyOptions
    @Option(help: "The new member's id.") var id: String
    @Option(help: "Its organisation (default: the admin's).") var organisation: String?
    @Option(help: "A role: admin, validator, authority, provider, clinician, auditor (repeatable).") var role: [String]
    @Option(help: "Its Ed25519 public key (64 hex digits, from `vault identity new`).") var publicKey: String

    func run() throws {
        try reportingErrors {
            var roles = Set<Role>()
            for name in role {
                guard let r = Role(name: name) else { throw ValidationError("unknown role \(name)") }
                roles.insert(r)
            }
            let receipt = try party.run(default: "admin") { folder, transport in
                let admin = try Admin(folder: folder, transport: transport)
                let org = try organisation ?? {
                    let members = try admin.client.call("GET", "/v1/members", as: [MemberView].self)
                    return members.first { $0.id == folder.config.member }?.organisation ?? "unknown"
                }()
                return try admin.add(try Member(id: id, organisation: org, roles: roles, publicKey: try PublicKey(hex: publicKey)))
            }
            print("added \(id) at height \(receipt.height)")
        }
    }
}
