import ABE
import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Tuner
import Vault

/// `vault bench …`: benchmarks for researchers and for regression checks.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed and sizes of the vault's building blocks.",
        subcommands: [BenchPrimitivesCommand.self, BenchABECommand.self, BenchChainCommand.self, BenchNodeCommand.self, BenchClusterCommand.self, BenchSizesCommand.self, BenchHostileCommand.self])
}

extension String {
    func padded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }

}
