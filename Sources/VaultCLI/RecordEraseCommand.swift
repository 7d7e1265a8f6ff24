import ArgumentParser
import Foundation
import Vault

/// `vault record erase`, as the provider.
struct RecordEraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Crypto-shred a record: the node destroys its blob, escrow and patient salt; the anchor stays.",
        discussion: "Example: vault record erase rec-1a2b3c --reason \"patient request\"")

    @Argument(help: "The record id.") var id: String
    @Option(help: "Why (recorded on the chain).") var reason = "erasure requested"
    @OptionGroup var party: PartyOptions

    func run() throws {
        try reportingErrors {
            let receipt = try party.run(default: "provider") { folder, transport in
                try Provider(folder: folder, transport: transport).erase(recordID: id, reason: reason)
            }
            print("erased \(id) at height \(receipt.height): its blob, escrow and patient salt are destroyed on the node")
        }
    }
}
