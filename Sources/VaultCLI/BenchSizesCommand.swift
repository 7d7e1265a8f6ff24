import ABE
import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Tuner
import Vault

/// `vault bench sizes --corpus DIR [--fresh-consent N] [--compare] [--csv FILE] [--plot FILE.svg|.png]`.
struct BenchSizesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sizes",
        abstract: "Tune every policy of a corpus with every strategy; report rows and bytes as written, tuned, and the bounds.",
        discussion: """
            Example:
              vault bench sizes --corpus Policies/corpus --fresh-consent 200 --compare \\
                --csv sizes.csv --plot sizes.svg
            The corpus holds one folder per family with a policies.txt (one policy per line). \
            Build in release mode for timings: swift build -c release.
            """)

    @Option(help: "Folder of policy families (FAMILY/policies.txt).")
    var corpus: String

    @Option(help: "Write one CSV row per policy to this file (`-`: standard output).")
    var csv: String?

    @Option(help: "Write a chart of bytes against attributes per strategy (.svg, or .png when rsvg-convert is installed).")
    var plot: String?

    @Option(help: "Scheme whose ciphertext size is measured: fabeo or fame.")
    var scheme: String = "fabeo"

    @Option(help: "Strategies to run, comma-separated (default: all).")
    var strategies: String = Strategy.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Evaluations per search (2000), a time limit (50ms), or both.")
    var budget: String = String(SearchBudget.defaultEvaluations)

    @Option(help: "Seed of the randomized strategies.")
    var seed: UInt64 = 1

    @Flag(inversion: .prefixedNo, help: "Let the exact search rewrite sums of products over at most five parts.")
    var exactSynthesis = true

    @Option(help: "Also tune this many freshly generated consent-accumulation policies (3–7 clauses over roles, sites and departments; seeded by --seed), reported as the family fresh-consent.")
    var freshConsent: Int = 0

    @Flag(help: "Add FABEO and FAME container bytes beside OpenABE CP-ABE and cpabe toolkit ciphertext bytes computed from their published formats (not measured).")
    var compare = false

    @Flag(help: "Print JSON: {scheme, seed, strategies, policies: [{family, line, policy, …, tuned: {STRATEGY: {rows, bytes, …}}}], summaries} (docs/VAULT.md).")
    var json = false

    @OptionGroup var policyOptions: PolicyOptionsGroup

    func validate() throws {
        if json && (csv.map(Streams.isStandard) == true || plot.map(Streams.isStandard) == true) {
            throw ValidationError("--json prints on standard output; give --csv and --plot files")
        }
        if csv.map(Streams.isStandard) == true && plot.map(Streams.isStandard) == true {
            throw ValidationError("--csv - and --plot - would share standard output; give one of them a file")
        }
        guard SchemeID(name: scheme) != nil else { throw ValidationError(TuningError.unknownScheme(scheme).description) }
        guard (0...100_000).contains(freshConsent) else { throw ValidationError("--fresh-consent must be between 0 and 100000") }
        do {
            _ = try parsedStrategies()
            _ = try SearchBudget(parsing: budget)
        } catch {
            throw ValidationError(error.description)
        }
        if let plot {
            let suffix = (plot as NSString).pathExtension.lowercased()
            guard suffix == "svg" || suffix == "png" else {
                throw ValidationError("--plot \(plot): the chart is written as .svg or .png")
            }
            guard suffix == "svg" || Self.pngConverter() != nil else {
                throw ValidationError("--plot \(plot): PNG needs rsvg-convert (Debian package librsvg2-bin); write the chart as .svg instead")
            }
        }
        for path in [csv, plot].compactMap({ $0 }) {
            let folder = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard folder.isEmpty || (FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) else {
                throw ValidationError("cannot write \(path): folder \(folder) does not exist")
            }
        }
    }

    func parsedStrategies() throws(TuningError) -> [Strategy] {
        var result: [Strategy] = []
        for name in strategies.split(separator: ",") {
            let strategy = try Strategy(name: name.trimmingCharacters(in: .whitespaces))
            if !result.contains(strategy) { result.append(strategy) }
        }
        guard !result.isEmpty else { throw .unknownStrategy(strategies) }
        return result
    }

    func run() throws {
        let options = try policyOptions.resolve()
        var loaded: PolicyCorpus
        do {
            loaded = try PolicyCorpus.load(directory: corpus, options: options)
            if freshConsent > 0 {
                guard let generator = FreshConsentPolicies(catalog: options.catalog) else {
                    throw TuningError.invalidCorpus("--fresh-consent needs a catalog with role, dept and hospital values")
                }
                loaded = try loaded.adding(family: SizesReport.freshConsentFamily,
                                           texts: generator.generate(count: freshConsent, seed: seed), options: options)
            }
        } catch let error as TuningError {
            throw CommandFailure.refused(error.description)
        }
        let benchmark = SizesBenchmark(scheme: SchemeID(name: scheme)!, strategies: try parsedStrategies(),
                                       budget: try SearchBudget(parsing: budget), seed: seed, policyOptions: options,
                                       exactSynthesis: exactSynthesis, compare: compare)
        var reported = 0
        let report = benchmark.run(loaded) { done, total in
            if done * 10 / total > reported || done == total {
                reported = done * 10 / total
                FileHandle.standardError.write(Data("tuned \(done)/\(total) policies\n".utf8))
            }
        }
        // With --json, --csv - or --plot -, standard output carries that document; the table goes to standard error.
        if json {
            try printJSON(BenchSizesJSON.document(report))
        } else {
            Streams.status(report.text, dataOnStandardOutput: [csv, plot].contains { $0.map(Streams.isStandard) == true })
        }
        if let csv { try write(report.csv, to: csv) }
        if let plot { try writePlot(SizesPlot.svg(report), to: plot) }
    }

    private func write(_ text: String, to path: String) throws {
        if Streams.isStandard(path) { return print(text, terminator: "") }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandFailure.failed("cannot write \(path): \(error.localizedDescription)")
        }
        Streams.status("wrote \(path)", dataOnStandardOutput: json)
    }

    /// rsvg-convert on the PATH, if installed.
    static func pngConverter() -> String? {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return searchPath.split(separator: ":").map { "\($0)/rsvg-convert" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// SVG as is; PNG through rsvg-convert (Debian: librsvg2-bin) when it is installed.
    private func writePlot(_ svg: String, to path: String) throws {
        guard (path as NSString).pathExtension.lowercased() == "png" else { return try write(svg, to: path) }
        guard let converter = Self.pngConverter() else {
            throw CommandFailure.usage("cannot write \(path): PNG needs rsvg-convert (Debian package librsvg2-bin); write the chart as .svg instead")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = ["--format", "png", "--output", path]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(svg.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure.failed("rsvg-convert could not write \(path)")
        }
        Streams.status("wrote \(path)", dataOnStandardOutput: json)
    }
}
