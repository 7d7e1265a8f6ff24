import ABE
import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Tuner
import Vault

/// `vault bench chain`: append and verification rates of the permissioned chain.
struct BenchChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Anchors appended per second (in blocks), full-chain verification rate, bytes per anchor.",
        discussion: """
            Example:
              vault bench chain --anchors 2000 --block-size 100 --json
            """)

    @Option(help: "Anchors to append.") var anchors = ChainBenchmark.defaultAnchors
    @Option(name: .customLong("block-size"), help: "Anchors per block.") var blockSize = ChainBenchmark.defaultBlockSize
    @Option(name: .customLong("keep-in"), help: "Build the benchmark chain in this directory (which must hold no chain) and keep it; default: a temporary directory, deleted afterwards.")
    var keepIn: String?
    @Flag(help: "Print JSON (anchors_per_s, verify_tx_per_s, bytes_per_anchor, block_size, …).") var json = false

    func run() throws {
        let directory: DataDirectory
        var temporary: URL?
        if let keepIn {
            directory = DataDirectory(url: URL(fileURLWithPath: keepIn, isDirectory: true))
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("vault-bench-chain-\(UUID().uuidString)")
            temporary = url
            directory = DataDirectory(url: url)
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let result = try ChainBenchmark.run(anchors: anchors, blockSize: blockSize, directory: directory)
        if json { return try printJSON(result) }
        print("chain benchmark: \(result.anchors) RecordAnchored transactions, blocks of \(result.blockSize), \(result.cores) cores")
        print(String(format: "  append:  %10.0f anchors/s   (%.2f s; validate, seal, one SQLite transaction per block)", result.anchorsPerSecond, result.appendSeconds))
        print(String(format: "  verify:  %10.0f tx/s        (%.2f s; full replay, every signature)", result.verifyTransactionsPerSecond, result.verifySeconds))
        print(String(format: "  storage: %10.0f bytes/anchor (chain.sqlite with its indexes)", result.bytesPerAnchor))
        print(String(format: "  client signing: %.0f signatures/s (not part of the append figure)", result.signaturesPerSecond))
        if let keepIn { print("  chain kept in \(keepIn)") }
    }

}
