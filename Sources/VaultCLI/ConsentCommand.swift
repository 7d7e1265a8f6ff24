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
