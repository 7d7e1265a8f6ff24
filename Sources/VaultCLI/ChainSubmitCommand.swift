import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Sign a transaction and append it to the chain in a new block.",
            discussion: """
                Example:
                  vault chain submit --data-dir ./chain --key provider.key \\
                    --payload anchor.json --sealer-key validator.key
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Submitter's key file.") var key: String
        @Option(help: "Payload JSON file (see docs/LEDGER.md).") var payload: String?
        @Option(help: "Approved proposal file (membership changes).") var proposal: String?
        @Option(name: .customLong("sealer-key"), help: "Key file of the validator that seals the block.") var sealerKey: String
        @Flag(help: "Print JSON: {type, transaction_id, height}.") var json = false

        func validate() throws {
            guard (payload == nil) != (proposal == nil) else {
                throw ValidationError("give exactly one of --payload or --proposal")
            }
        }

        func run() throws {
            let identity = try KeyFile.read(path: key)
            let sealer = try KeyFile.read(path: sealerKey)
            // This seals a block without asking any orderer: never on a cluster's replica.
            try NodeDirectory(root: dataDir.directory.url.path).refuseSealingAlone()
            let ledger = try dataDir.openChain()
            let tx: SignedTransaction
            if let proposal {
                let body = try readProposal(proposal)
                guard body.submitter == identity.memberID else {
                    throw LedgerError.invalidInput("the proposal is to be submitted by '\(body.submitter)', not '\(identity.memberID)'")
                }
                tx = try body.signed(with: identity.key)
            } else if let payload {
                let document = try PayloadDocument.decode(json: readFile(payload, what: "payload file"))
                tx = try ledger.makeTransaction(document.payload(), by: identity)
            } else {
                return
            }
            let block = try ledger.append([tx], sealedBy: sealer)
            if json {
                return try printJSON(["type": .string(tx.kind.name), "transaction_id": .string(tx.id.hex), "height": .int(block.height)] as JSONValue)
            }
            print("appended \(tx.kind.name) transaction \(tx.id.hex) at height \(block.height)")
        }
    }
}
