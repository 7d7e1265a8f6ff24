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
        subcommands: [BenchPrimitivesCommand.self, BenchABECommand.self, ChainBench.self, BenchNodeCommand.self, BenchSizesCommand.self, BenchHostileCommand.self])
}

/// `vault bench primitives [--json]`.
struct BenchPrimitivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "primitives",
        abstract: "Median times of the BLS12-381 field, group, pairing and hashing operations.")

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

/// `vault bench abe [--json]`.
struct BenchABECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abe",
        abstract: "Setup, keygen, encrypt and decrypt times and ciphertext sizes for FABEO and FAME.",
        discussion: "Times are medians, also given as multiples of one pairing measured in the same run.")

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
            guard let id = SchemeID(name: name) else { throw Console.fail("unknown scheme \(name); choose fabeo or fame", code: 2) }
            return id
        }
        guard sizes.allSatisfy({ (1...500).contains($0) }) else { throw Console.fail("sizes must be between 1 and 500", code: 2) }
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

extension String {
    func padded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }

}

/// `vault bench chain`: append and verification rates of the permissioned chain.
struct ChainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Anchors appended per second (in blocks), full-chain verification rate, bytes per anchor.")

    @Option(help: "Anchors to append.") var anchors = ChainBenchmark.defaultAnchors
    @Option(name: .customLong("block-size"), help: "Anchors per block.") var blockSize = ChainBenchmark.defaultBlockSize
    @Option(name: .customLong("keep-in"), help: "Build the benchmark chain in this directory (which must hold no chain) and keep it; default: a temporary directory, deleted afterwards.")
    var keepIn: String?
    @Flag(help: "Print JSON (anchors_per_s, verify_tx_per_s, bytes_per_anchor, block_size, …).") var json = false

    func run() throws {
        try reportingErrors {
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

}

/// `vault bench sizes --corpus DIR [--fresh-consent N] [--compare] [--csv FILE] [--plot FILE.svg|.png]`.
struct BenchSizesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sizes",
        abstract: "Tune every policy of a corpus with every strategy; report rows and bytes as written, tuned, and the bounds.",
        discussion: """
            Example: vault bench sizes --corpus Policies/corpus --fresh-consent 200 --compare --csv sizes.csv --plot sizes.svg
            The corpus holds one folder per family with a policies.txt (one policy per line). \
            Build in release mode for timings: swift build -c release.
            """)

    @Option(help: "Folder of policy families (FAMILY/policies.txt).")
    var corpus: String

    @Option(help: "Write one CSV row per policy to this file.")
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

    @OptionGroup var policyOptions: PolicyOptionsGroup

    func validate() throws {
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
        } catch {
            FileHandle.standardError.write(Data("error: \(String(describing: error))\n".utf8))
            throw ExitCode.failure
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
        print(report.text)
        if let csv { try write(report.csv, to: csv) }
        if let plot { try writePlot(SizesPlot.svg(report), to: plot) }
    }

    private func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            FileHandle.standardError.write(Data("error: cannot write \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
        print("wrote \(path)")
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
            FileHandle.standardError.write(Data("error: cannot write \(path): PNG needs rsvg-convert (Debian package librsvg2-bin); write the chart as .svg instead\n".utf8))
            throw ExitCode.failure
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
            FileHandle.standardError.write(Data("error: rsvg-convert could not write \(path)\n".utf8))
            throw ExitCode.failure
        }
        print("wrote \(path)")
    }
}
