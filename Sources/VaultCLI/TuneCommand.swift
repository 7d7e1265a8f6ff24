import ABE
import ArgumentParser
import Foundation
import Tuner

/// `vault tune --policy "…"`: the smallest equivalent policy, proven equivalent.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Find an equivalent policy with a smaller ciphertext, proven to admit exactly the same keys.",
        discussion: """
            Example:
              vault tune \\
                --policy "(role:nurse AND hospital:A) OR (role:nurse AND hospital:B)"
            Prints the tuned policy, rows and bytes before and after, the lower bound, and whether the result \
            is proven optimal. Levers, strategies and certificates are described in docs/TUNER.md.
            """)

    @Option(help: "The policy to tune, as for vault encrypt.")
    var policy: String

    @Option(help: "Scheme whose ciphertext size is minimized: fabeo or fame.")
    var scheme: String = "fabeo"

    @Option(help: "Search strategy: \(Strategy.allCases.map(\.rawValue).joined(separator: ", ")).")
    var strategy: String = Strategy.default.rawValue

    @Option(help: "Evaluations per search (2000), a time limit (50ms, 2s), or both (2000,50ms).")
    var budget: String = String(SearchBudget.defaultEvaluations)

    @Option(help: "Seed of the randomized strategies; the same seed gives the same result.")
    var seed: UInt64 = 1

    @Option(name: .customLong("reuse-bound"), help: "FAME keys' attribute reuse bound: candidates repeating an attribute more often lose.")
    var reuseBound: Int?

    @Flag(inversion: .prefixedNo, help: "Let the exact search rewrite sums of products over at most five parts.")
    var exactSynthesis = true

    @Flag(help: "Print the result (or the error) as JSON.")
    var json = false

    @OptionGroup var policyOptions: PolicyOptionsGroup

    func validate() throws {
        guard SchemeID(name: scheme) != nil else { throw ValidationError(TuningError.unknownScheme(scheme).description) }
        do {
            _ = try Strategy(name: strategy)
            _ = try SearchBudget(parsing: budget)
        } catch {
            throw ValidationError(error.description)
        }
        if let reuseBound, reuseBound < 1 { throw ValidationError("--reuse-bound must be at least 1") }
    }

    func run() throws {
        let options = try policyOptions.resolve()
        let checked = try Policy(parsing: policy, options: options)
        let configuration = TuningConfiguration(
            scheme: SchemeID(name: scheme)!, strategy: try Strategy(name: strategy),
            budget: try SearchBudget(parsing: budget), seed: seed, policyOptions: options,
            maxOccurrenceLimit: reuseBound, exactSynthesis: exactSynthesis)
        let result = Tuner.tune(policy: checked, configuration: configuration)
        print(json ? result.jsonText : result.text)
    }
}
