import ArgumentParser
import Foundation
import Vault

/// `vault record erase`, as the provider.
struct RecordEraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Crypto-shred a record: the node destroys its blob, escrow and patient salt; the anchor stays.",
        discussion: """
            Erasure cannot be undone. On a terminal it asks for the record id again; elsewhere give --yes.
            Example:
              vault record erase "$(vault record list --ids | tail -n 1)" \\
                --reason "patient request" --yes
            """)

    @Argument(help: "The record id.") var id: String
    @Option(help: "Why (recorded on the chain).") var reason = "erasure requested"
    @Flag(help: "Erase without asking.") var yes = false
    @Flag(help: "Print JSON: the receipt {record_id, transaction_ids, height, block_hash}.") var json = false
    @OptionGroup var party: PartyOptions

    func run() throws {
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CommandFailure.usage("erasing \(id) cannot be undone; give --yes to confirm (standard input is not a terminal to ask on)")
            }
            FileHandle.standardError.write(Data("Erase \(id)? Its blob, escrow and patient salt are destroyed for good. Type the record id to confirm: ".utf8))
            guard readLine(strippingNewline: true) == id else { throw CommandFailure.usage("not confirmed; nothing was erased") }
        }
        let receipt = try party.run(default: "provider") { folder, transport in
            try Provider(folder: folder, transport: transport).erase(recordID: id, reason: reason)
        }
        if json { return try printJSON(receipt) }
        print("erased \(id) at height \(receipt.height): its blob, escrow and patient salt are destroyed on the node")
    }
}
