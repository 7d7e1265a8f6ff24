import ABE
import Foundation
import ArgumentParser
import Ledger
import VaultSupport

/// `vault bench hostile [--json]`: for every decoder of outside input, the
/// worst input its limits allow and the median time to refuse it (issue 12;
/// the target is under 50 ms each).
struct BenchHostileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile",
        abstract: "Median time each decoder takes to refuse the worst input its limits allow.",
        discussion: """
            Example:
              vault bench hostile --json
            """)

    @Flag(help: "Print a JSON array of {\"decoder\", \"input\", \"median_ms\", \"refused\"}.")
    var json = false

    @Option(name: .long, help: "Time budget per input, in milliseconds.")
    var budgetMs: Int = 200

    @Option(name: .long, help: "Only the inputs whose decoder and description contain this text (e.g. \"KEM rows\").")
    var only: String?

    func run() throws {
        let budget = Duration.milliseconds(max(1, budgetMs))
        let figures: [HostileInputFigure]
        do { figures = try ABEHostileInputs.run(budget: budget, only: only) + LedgerHostileInputs.run(budget: budget, only: only) } catch {
            throw CommandFailure.refused("cannot build the hostile inputs: \(error)")
        }
        func ms(_ ns: Double) -> String { String(Double((ns / 1e4).rounded()) / 100) }
        if json {
            func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            let rows = figures.map { f in
                "  {\"decoder\": \(quote(f.decoder)), \"input\": \(quote(f.input)), \"median_ms\": \(ms(f.medianNanoseconds)), \"refused\": \(f.refusal != nil)}"
            }
            print("[\n" + rows.joined(separator: ",\n") + "\n]")
            return
        }
        for f in figures {
            let decoder = f.decoder.padded(22)
            let time = (ms(f.medianNanoseconds) + " ms").leftPadded(to: 11)
            print("\(decoder)\(time)  \(f.input)")
            print(String(repeating: " ", count: 35) + (f.refusal.map { "refused: " + String($0.prefix(110)) } ?? "ACCEPTED (should have been refused)"))
        }
        if figures.contains(where: { $0.refusal == nil }) { throw CommandFailure.failed("a hostile input was accepted") }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
