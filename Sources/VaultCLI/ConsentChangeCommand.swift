import ABE
import ArgumentParser
import Foundation
import Vault

/// `vault consent grant`. Two concrete commands rather than one generic
/// `ConsentChangeCommand<Kind: ConsentKind>`: the command tree is built on
/// every `vault` invocation, and each instantiation of a generic command
/// checked its `ConsentKind` requirement by scanning every protocol
/// conformance record of the binary (0.9 M instructions per process,
/// docs/BLS12381.md, "What a command still pays before it starts").
struct ConsentGrantCommand: ParsableCommand {
    static let configuration = ConsentChangeArguments.configuration(.grant,
        abstract: "Let a further policy read the record (the new policy is old OR granted; the body is untouched).")

    @OptionGroup var arguments: ConsentChangeArguments

    func run() throws { try arguments.run(.grant) }
}

/// `vault consent revoke`.
struct ConsentRevokeCommand: ParsableCommand {
    static let configuration = ConsentChangeArguments.configuration(.revoke,
        abstract: "Replace the record's policy (new data key, body re-encrypted; the old blob and escrow are destroyed).")

    @OptionGroup var arguments: ConsentChangeArguments

    func run() throws { try arguments.run(.revoke) }
}

/// What `consent grant` and `consent revoke` share: their arguments and their run.
struct ConsentChangeArguments: ParsableArguments {
    static func configuration(_ change: Provider.ConsentChange, abstract: String) -> CommandConfiguration {
        CommandConfiguration(commandName: change.rawValue, abstract: abstract,
                             discussion: """
                                 Example:
                                   vault consent \(change.rawValue) "$(vault record list --ids | tail -n 1)" \\
                                     --policy "role:researcher AND study:HF-2026-014"
                                 """)
    }

    @Argument(help: "The record id.") var id: String
    @Option(help: "The policy granted (grant) or the new policy (revoke).") var policy: String
    @Option(help: "The consent document; its SHA-256 is anchored.") var document: String?
    @Flag(help: "Print JSON: the receipt {record_id, transaction_ids, height, block_hash}.") var json = false
    @OptionGroup var policyOptions: PolicyOptionsGroup
    @OptionGroup var party: PartyOptions

    func run(_ change: Provider.ConsentChange) throws {
        let options = try policyOptions.resolve()
        let parsed = try Policy(parsing: policy, options: options)
        let doc = try document.map { try Streams.read($0, what: "consent document") }
        let receipt = try party.run(default: "provider") { folder, transport in
            try Provider(folder: folder, transport: transport).changeConsent(change, recordID: id, policy: parsed, document: doc)
        }
        if json { return try printJSON(receipt) }
        print("\(change == .grant ? "granted" : "revoked"): \(id) re-anchored at height \(receipt.height)")
    }
}
