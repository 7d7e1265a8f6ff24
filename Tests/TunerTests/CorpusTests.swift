import ABE
import Foundation
import Testing
@testable import Tuner

@Suite("Policy corpus and the sizes benchmark")
struct CorpusTests {
    static let corpusDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies/corpus").path

    @Test("every policy of the corpus passes the default catalog; every family says where it comes from")
    func corpus() throws {
        let corpus = try PolicyCorpus.load(directory: Self.corpusDirectory, options: .standard)
        #expect(corpus.entries.count >= 300)
        #expect(corpus.families.count >= 6)
        for family in corpus.families {
            let readme = URL(fileURLWithPath: Self.corpusDirectory).appendingPathComponent(family.name).appendingPathComponent("README.md")
            let text = try String(contentsOf: readme, encoding: .utf8)
            #expect(text.count > 200, "\(family.name) README")
            // Every policy passes the same check `vault policy check` runs.
            for entry in family.entries {
                #expect(throws: Never.self) { try PolicyCheckReport.check(policy: entry.text) }
            }
        }
        let names = corpus.families.map(\.name)
        for expected in ["consent-accumulation", "multi-hospital-sharing", "threshold-committees", "numeric-clearance-dates", "abac-case-studies"] {
            #expect(names.contains(expected))
        }
    }

    @Test("a small corpus benchmark writes rows, CSV and a chart")
    func benchmark() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tuner-corpus-\(UInt32.random(in: 0...UInt32.max))")
        let family = directory.appendingPathComponent("grants")
        try FileManager.default.createDirectory(at: family, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            # two grants
            (role:nurse AND hospital:A) OR (role:nurse AND hospital:B)

            (role:cardiologist AND hospital:A) OR (role:cardiologist AND hospital:B) OR (role:nurse AND hospital:A) OR (role:nurse AND hospital:B)
            role:nurse AND clearance >= 3
            """.write(to: family.appendingPathComponent("policies.txt"), atomically: true, encoding: .utf8)
        let corpus = try PolicyCorpus.load(directory: directory.path, options: .standard)
        #expect(corpus.entries.map(\.line) == [2, 4, 5])
        let generated = FreshConsentPolicies(catalog: .standard)!.generate(count: 4, seed: 1)
        let withFresh = try corpus.adding(family: SizesReport.freshConsentFamily, texts: generated, options: .standard)
        let report = SizesBenchmark(strategies: [.greedy, .genetic], budget: SearchBudget(evaluations: 50), compare: true).run(withFresh)
        #expect(report.rows.count == 7)
        let lines = report.csv.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines[0].hasPrefix("family,line,attributes,bit_attributes,policy,canonical_text_bytes,policy_bytes_written,rows_written,bytes_written"))
        #expect(lines[0].hasSuffix("openabe_cpabe_bytes_computed_from_format_not_measured,cpabe_toolkit_bytes_computed_from_format_not_measured"))
        // Policy bytes are the binary encoding's; the comparison's FABEO column is the container as written.
        for row in report.rows {
            #expect(row.written.policyBytes == PolicyEncoding.encode(withFresh.entries.first { $0.family == row.family && $0.line == row.line }!.policy).count)
            #expect(row.comparison?.fabeoContainer == row.written.bytes)
            #expect((row.comparison?.openABE ?? 0) > 0 && (row.comparison?.cpabeToolkit ?? 0) > (row.comparison?.openABE ?? 0))
        }
        #expect(report.text.contains("policy bytes in the container") && report.text.contains("computed from format, not measured"))
        #expect(report.text.contains("fresh consent-accumulation policies (4, generated with seed 1"))
        #expect(lines[0].contains("rows_greedy,bytes_greedy") && lines[0].contains("bytes_genetic"))
        #expect(report.rows[1].written.rows == 8 && report.rows[1].outcomes[.greedy]?.rows == 4)
        let svg = SizesPlot.svg(report)
        #expect(svg.hasPrefix("<svg") && svg.contains("greedy") && svg.contains("lower bound") && svg.contains("as written"))
        #expect(report.text.contains("grants"))
    }

    @Test("bad corpora are refused with the file and line")
    func errors() throws {
        #expect(throws: TuningError.invalidCorpus("corpus directory /nonexistent/corpus does not exist")) {
            try PolicyCorpus.load(directory: "/nonexistent/corpus", options: .standard)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tuner-bad-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: TuningError.self) { try PolicyCorpus.load(directory: directory.path, options: .standard) }
        try "role:nurse\nrole:cardiolgist AND hospital:A\n".write(to: directory.appendingPathComponent("policies.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try PolicyCorpus.load(directory: directory.path, options: .standard)
            Issue.record("accepted a misspelt attribute")
        } catch {
            #expect(error.description.contains("policies.txt:2, column 1: unknown attribute role:cardiolgist"), "\(error)")
        }
    }
}
