import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print blocks and their transactions.",
            discussion: """
                Example:
                  vault chain show --from 1 --limit 5
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "First height to show.") var from: UInt64 = 0
        @Option(help: "Most blocks to show.") var limit: Int = 100
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let ledger = try dataDir.readChain()
            let blocks = try ledger.blocks(from: from, limit: max(1, limit))
            if json {
                try printJSON(blocks.map(BlockSummary.init))
                return
            }
            print("chain \(ledger.chainID.hex) '\(DisplayText.escaped(ledger.genesis.chainName))', height \(ledger.height)")
            for block in blocks {
                let summary = BlockSummary(block)
                print("#\(summary.height)  \(summary.time)  hash \(short(summary.hash))…  sealer \(DisplayText.escaped(summary.sealer))  \(summary.transactionCount) \(block.genesis == nil ? "transaction(s)" : "entry (genesis)")")
                if let genesis = summary.genesis {
                    for m in genesis.members {
                        print("    member \(DisplayText.escaped(m.id))  \(DisplayText.escaped(m.organisation))  [\(m.roles.joined(separator: ","))]  \(short(m.publicKey))…")
                    }
                }
                for tx in summary.transactions {
                    let p = tx.payload
                    let about = p.recordID ?? p.holder ?? p.member?.id ?? p.memberID ?? ""
                    print("    \(p.type)  by \(DisplayText.escaped(tx.submitter))  \(DisplayText.escaped(about))  tx \(short(tx.id))…")
                    if let written = p.writtenPolicy { print("        policy as written: \(DisplayText.escaped(written))") }
                }
            }
        }
    }
}
