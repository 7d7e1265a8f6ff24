import ABE
import ArgumentParser
import Foundation
import Vault

struct ConsentChangeCommand<Kind: ConsentKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Kind.change.rawValue, abstract: Kind.abstract,
                             discussion: "Example: vault consent \(Kind.change.rawValue) rec-1a2b3c --policy \"role:researcher AND study:HF-2026-014\"")
    }

    @Argument(help: "The record id.") var id: String
    @Option(help: "The policy granted (grant) or the new policy (revoke).") var policy: String
    @Option(help: "The consent document; its SHA-256 is anchored.") var document: String?
    @OptionGroup var policyOptions: PolicyOptionsGroup
    @OptionGroup var party: PartyOptions

    func run() throws {
        let options = try policyOptions.resolve()
        try reportingErrors {
            let parsed: Policy
            do { parsed = try Policy(parsing: policy, options: options) } catch { throw Console.fail(String(describing: error)) }
            let doc = try document.map { try Console.readFile($0, what: "consent document") }
            let receipt = try party.run(default: "provider") { folder, transport in
                try Provider(folder: folder, transport: transport).changeConsent(Kind.change, recordID: id, policy: parsed, document: doc)
            }
            print("\(Kind.change == .grant ? "granted" : "revoked"): \(id) re-anchored at height \(receipt.height)")
        }
    }
}
