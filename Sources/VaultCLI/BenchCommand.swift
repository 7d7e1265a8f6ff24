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
    /// Padded with spaces to `width` characters (never cut). Not Foundation's
    /// `padding(toLength:)`, which goes through NSString: the exit-code
    /// table in `vault exit-codes`'s help is built by every process, and
    /// that call was 4% of `vault --version` (perf).
    func padded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
