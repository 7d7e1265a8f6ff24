import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Replay the whole chain and check every rule.",
            discussion: "Exit status: 0 valid; 1 invalid (the first bad height and the reason are printed); 2 the chain is valid but its query view is not (run `vault chain reindex`).")

        @OptionGroup var party: PartyOptions
        @Option(help: "HEIGHT:HASH of a block the chain must contain, e.g. the tip printed by an earlier verify; catches deleted newest blocks.")
        var expect: String?

        func run() throws {
            try reportingErrors {
                let reference = try expect.map(BlockReference.init(parsing:))
                let started = Date()
                let report: VerificationReport
                if party.remote {
                    // As an auditor: every block fetched from the node and replayed here from the pinned genesis.
                    guard reference == nil else { throw ValidationError("--expect applies to a local replica; the auditor pins the genesis instead") }
                    report = try party.run(default: "auditor") { folder, transport in try Auditor(folder: folder, transport: transport).verify() }
                } else {
                    report = Chain.verify(store: try Chain.readOnlySQLiteStore(in: party.localChain), expecting: reference)
                }
                let seconds = Date().timeIntervalSince(started)
                if let failure = report.failure {
                    print("chain INVALID at height \(failure.height)\(failure.position.map { ", transaction \($0)" } ?? ""): \(failure.reason.description)")
                    print("blocks before height \(failure.height) are valid")
                    throw ExitCode(1)
                }
                print("chain valid: \(report.blocksVerified) blocks, \(report.transactionsVerified) transactions (\(String(format: "%.2f", seconds)) s)")
                print("tip: \(report.tipHeight ?? 0):\(report.tipHash?.hex ?? "-")   (record it; `--expect` it later to catch deleted blocks)")
                if let problem = report.viewProblem {
                    throw Console.fail("\(problem); run `vault chain reindex`", code: 2)
                }
            }
        }
    }
}
