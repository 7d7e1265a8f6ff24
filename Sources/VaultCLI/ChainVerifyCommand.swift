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
            discussion: """
                Exit status: 0 valid; 5 invalid (the first bad height and the reason are printed), or valid but its query view is not (run `vault chain reindex`); 2 a malformed --expect.
                Examples:
                  vault chain verify
                  vault chain verify --json
                """)

        @OptionGroup var party: PartyOptions
        @Option(help: "HEIGHT:HASH of a block the chain must contain, e.g. the tip printed by an earlier verify; catches deleted newest blocks.")
        var expect: String?
        @Flag(help: "Print JSON: {valid, blocks, transactions, seconds, tip, failure: {height, position, reason}, view_problem}.")
        var json = false

        func validate() throws {
            if let expect {
                do { _ = try BlockReference(parsing: expect) } catch { throw ValidationError("--expect: \(error)") }
            }
        }

        func run() throws {
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
            let tip = report.tipHash.map { "\(report.tipHeight ?? 0):\($0.hex)" }
            if json {
                try printJSON(VerifyJSON(valid: report.failure == nil && report.viewProblem == nil, blocks: report.blocksVerified,
                                         transactions: report.transactionsVerified, seconds: seconds, tip: tip,
                                         failure: report.failure.map { .init(height: $0.height, position: $0.position, reason: $0.reason.description) },
                                         viewProblem: report.viewProblem))
            } else if let failure = report.failure {
                print("chain INVALID at height \(failure.height)\(failure.position.map { ", transaction \($0)" } ?? ""): \(failure.reason.description)")
                print("blocks before height \(failure.height) are valid")
            } else {
                print("chain valid: \(report.blocksVerified) blocks, \(report.transactionsVerified) transactions (\(String(format: "%.2f", seconds)) s)")
                print("tip: \(tip ?? "-")   (record it; `--expect` it later to catch deleted blocks)")
            }
            if report.failure != nil { throw ExitCode(ExitStatus.integrityFailure.rawValue) }
            if let problem = report.viewProblem {
                if json { throw ExitCode(ExitStatus.integrityFailure.rawValue) }
                throw CommandFailure.integrity("\(problem); run `vault chain reindex`")
            }
        }

        struct VerifyJSON: Encodable {
            struct Failure: Encodable {
                let height: UInt64
                let position: Int?
                let reason: String
            }
            let valid: Bool
            let blocks: Int
            let transactions: Int
            let seconds: Double
            let tip: String?
            let failure: Failure?
            let viewProblem: String?
            enum CodingKeys: String, CodingKey { case valid, blocks, transactions, seconds, tip, failure, viewProblem = "view_problem" }
        }
    }
}
