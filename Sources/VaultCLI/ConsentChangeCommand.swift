import ABE
import ArgumentParser
import Foundation
import Vault

struct ConsentChangeCommand<Kind: ConsentKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Kind.change.rawValue, abstract: Kind.abstract,
                             discussion: """
                                 Example:
                                   vault consent \(Kind.change.rawValue) "$(vault record list --ids | tail -n 1)" \\
                                     --policy "role:researcher AND study:HF-2026-014"
                                 """)
    }

    @Argument(help: "The record id.") var id: String
    @Option(help: "The policy granted (grant) or the new policy (revoke).") var policy: String
    @Option(help: "The consent document; its SHA-256 is anchored.") var document: String?
    @Flag(help: "Print JSON: the receipt {record_id, transaction_ids, height, block_hash}.") var json = false
    @OptionGroup var policyOptions: PolicyOptionsGroup
    @OptionGroup var party: PartyOptions

    func run() throws {
        let options = try policyOptions.resolve()
        let parsed = try Policy(parsing: policy, options: options)
        let doc = try document.map { try Streams.read($0, what: "consent document") }
        let receipt = try party.run(default: "provider") { folder, transport in
            try Provider(folder: folder, transport: transport).changeConsent(Kind.change, recordID: id, policy: parsed, document: doc)
        }
        if json { return try printJSON(receipt) }
        print("\(Kind.change == .grant ? "granted" : "revoked"): \(id) re-anchored at height \(receipt.height)")
    }
}
