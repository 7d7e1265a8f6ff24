import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct CheckProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-proof",
            abstract: "Check an inclusion proof: its Merkle path, and, when a chain is present, that the block and its seal are this chain's.",
            discussion: """
                Example:
                  vault chain check-proof --proof proof.json
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Proof file written by `vault chain prove`.") var proof: String
        @Flag(name: .customLong("offline"), help: "Check only the Merkle path, without a local chain.") var offline = false
        @Flag(help: "Print JSON: {valid, transaction_id, type, submitter, leaf_index, tree_size, height, block_hash, seal_checked}.") var json = false

        func run() throws {
            let parsed = try InclusionProof.decode(json: readFile(proof, what: "proof file"))
            let hasChain = FileManager.default.fileExists(atPath: dataDir.directory.chainPath)
            let checked: InclusionProof.Checked
            if offline || !hasChain {
                checked = try parsed.check()
            } else {
                checked = try dataDir.readChain().check(parsed)
            }
            let tx = checked.transaction
            if json {
                return try printJSON(["valid": true, "transaction_id": .string(tx.id.hex), "type": .string(tx.kind.name),
                                      "submitter": .string(tx.body.submitter), "leaf_index": .int(parsed.leafIndex),
                                      "tree_size": .int(parsed.treeSize), "height": .int(checked.header.height),
                                      "block_hash": .string(checked.header.hash.hex), "seal_checked": .bool(!(offline || !hasChain))] as JSONValue)
            }
            print("proof valid: transaction \(tx.id.hex) (\(tx.kind.name) by \(tx.body.submitter)) is leaf \(parsed.leafIndex) of \(parsed.treeSize) in block \(checked.header.height), hash \(checked.header.hash.hex)")
            if offline || !hasChain {
                print("checked offline: the Merkle path only; compare the block hash with a trusted copy of the chain")
            } else {
                print("the block is this chain's block \(checked.header.height) and its seal by \(checked.header.sealer) is valid")
            }
        }
    }
}
