import ABE
import ArgumentParser
import Foundation
import Vault

/// `vault consent grant|revoke`, as the provider.
struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Change who may read a record; the key is re-wrapped on the provider's machine.",
        subcommands: [ConsentChangeCommand<Grant>.self, ConsentChangeCommand<Revoke>.self])

    enum Grant: ConsentKind {
        static let change = Provider.ConsentChange.grant
        static let abstract = "Let a further policy read the record (the new policy is old OR granted; the body is untouched)."
    }
    enum Revoke: ConsentKind {
        static let change = Provider.ConsentChange.revoke
        static let abstract = "Replace the record's policy (new data key, body re-encrypted; the old blob and escrow are destroyed)."
    }
}

protocol ConsentKind { static var change: Provider.ConsentChange { get }; static var abstract: String { get } }

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
