import ABE
import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Tuner
import Vault

/// `vault bench abe [--json]`.
struct BenchABECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abe",
        abstract: "Setup, keygen, encrypt and decrypt times and ciphertext sizes for FABEO and FAME.",
        discussion: """
            Times are medians, also given as multiples of one pairing measured in the same run.
            Example:
              vault bench abe --sizes 2 10 --schemes fabeo
            """)

    @Flag(help: "Print one JSON object (per scheme, keyed and_N / or_N).")
    var json = false

    @Option(parsing: .upToNextOption, help: "Policy sizes in attributes.")
    var sizes: [Int] = ABEBenchmarks.defaultSizes

    @Option(parsing: .upToNextOption, help: "Schemes to measure (fabeo, fame).")
    var schemes: [String] = ["fabeo", "fame"]

    @Option(help: "Time budget per measured operation, in milliseconds.")
    var budgetMs: Int = 300

    func run() throws {
        let ids = try schemes.map { name -> SchemeID in
            guard let id = SchemeID(name: name) else { throw CommandFailure.usage("unknown scheme \(name); choose fabeo or fame") }
            return id
        }
        guard sizes.allSatisfy({ (1...500).contains($0) }) else { throw CommandFailure.usage("sizes must be between 1 and 500") }
        let report = try ABEBenchmarks.run(schemes: ids, sizes: sizes, budget: .milliseconds(max(1, budgetMs))) { step in
            if !json { FileHandle.standardError.write(Data("  measuring \(step)\n".utf8)) }
        }
        if json { print(report.json); return }
        print("one pairing: \(BenchmarkTable.humanTime(report.pairingNanoseconds)); record \(report.recordBytes) bytes")
        print("scheme policy  attrs     keygen (×pairing)     encrypt (×pairing)     decrypt (×pairing)   bytes: header policy   kem   aead  total")
        for c in report.cases {
            func cell(_ ns: Double) -> String {
                let text = "\(BenchmarkTable.humanTime(ns)) (\(BenchmarkTable.fixed(report.pairings(ns), 1)))"
                return String(repeating: " ", count: max(0, 22 - text.count)) + text
            }
            func num(_ v: Int, _ w: Int) -> String { let t = String(v); return String(repeating: " ", count: max(0, w - t.count)) + t }
            print("\(c.scheme.description.padded(6)) \(c.shape.padded(6)) \(num(c.attributes, 5)) \(cell(c.keygenNanoseconds)) \(cell(c.encryptNanoseconds)) \(cell(c.decryptNanoseconds))   \(num(c.bytes.header, 12)) \(num(c.bytes.policy, 6)) \(num(c.bytes.kem, 6)) \(num(c.bytes.aead, 6)) \(num(c.bytes.total, 6))")
        }
    }
}
