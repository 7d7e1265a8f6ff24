import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prove", abstract: "Write the Merkle inclusion proof of a transaction (JSON).",
            discussion: """
                Example (TX is a transaction id, as `vault audit --json` lists them):
                  vault chain prove --tx "$TX" --out proof.json
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Transaction id (64 hex digits).") var tx: String
        @Option(help: "Write the proof to this file (never overwritten) instead of standard output (`-`: standard output).") var out: String?

        func validate() throws {
            guard Digest32(hex: tx) != nil else { throw ValidationError("--tx must be a transaction id of 64 hex digits") }
        }

        func run() throws {
            let id = Digest32(hex: tx)!
            if let out { try Streams.checkOutput(out, what: "the proof", secret: false) }
            let proof = try dataDir.readChain().proveInclusion(of: id)
            let data = try proof.jsonData()
            if let out, !Streams.isStandard(out) {
                try AtomicFile.write([UInt8](data + Data("\n".utf8)), to: out)
                print("wrote the proof for transaction \(short(tx))… (height \(proof.height)) to \(out)")
            } else {
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
