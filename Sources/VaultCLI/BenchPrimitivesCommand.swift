import ABE
import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Tuner
import Vault

/// `vault bench primitives [--json]`.
struct BenchPrimitivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "primitives",
        abstract: "Median times of the BLS12-381 field, group, pairing and hashing operations.",
        discussion: """
            Example:
              vault bench primitives --json --only pairing hash_to_g1
            """)

    @Flag(name: .long, help: "Print one JSON object keyed by operation, each {\"median_ns\", \"runs\"}.")
    var json = false

    @Option(name: .long, help: "Time budget per operation, in milliseconds.")
    var budgetMs: Int = 400

    @Option(name: .long, parsing: .upToNextOption, help: "Only these operations (names as in the JSON keys).")
    var only: [String] = []

    func validate() throws {
        guard budgetMs > 0 else { throw ValidationError("--budget-ms must be positive") }
        let unknown = only.filter { !PrimitiveBenchmarks.operationNames.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("unknown operation \(unknown.joined(separator: ", ")); choose from \(PrimitiveBenchmarks.operationNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        var results = [BenchmarkResult]()
        PrimitiveBenchmarks.run(budget: .milliseconds(budgetMs), only: only.isEmpty ? nil : Set(only)) { result in
            results.append(result)
            if !json { print(BenchmarkTable.row(result)) }
        }
        if json { print(BenchmarkTable.json(results)) }
    }
}
