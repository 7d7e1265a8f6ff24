import ABE
import Foundation

/// The measurements of `vault bench sizes`: per policy, rows and bytes as
/// written, per strategy, and the bounds; summaries per family and strategy.
public struct SizesReport: Sendable {
    public struct Outcome: Sendable {
        /// The container encrypted under the tuned policy.
        public let rows: Int
        public let bytes: Int
        /// Bytes of the tuned policy's binary encoding in that container.
        public let policyBytes: Int
        /// The best proven-equivalent formula's container (what the exact
        /// minimum is compared with; the same as `bytes` since issue 13).
        public let candidateBytes: Int
        public let milliseconds: Double
        public let optimal: Bool
        public let changed: Bool
        public let exactMinimumBytes: Int?

        init(_ result: TuningResult) {
            rows = result.after.rows
            bytes = result.after.bytes
            policyBytes = result.after.policyBytes
            candidateBytes = result.candidateSize.bytes
            milliseconds = result.elapsedMilliseconds
            optimal = result.optimal
            changed = result.changed
            exactMinimumBytes = result.exactMinimum?.bytes
        }
    }

    public struct Row: Sendable {
        public let family: String
        public let line: Int
        public let policy: String
        /// UTF-8 length of the policy's canonical text (as written, normalized).
        public let canonicalTextBytes: Int
        /// Distinct attributes and compared keys as written.
        public let attributes: Int
        /// Distinct bit-level attributes after numeric compilation.
        public let bitAttributes: Int
        public let written: PolicySize
        public let outcomes: [Strategy: Outcome]
        public let lowerBoundRows: Int
        public let lowerBoundBytes: Int
        public let exactMinimum: ExactMinimum?
        /// With `--compare`: other implementations' formats, computed from the format.
        public let comparison: PublishedFormatSizes?
    }

    public let scheme: SchemeID
    public let strategies: [Strategy]
    public let budget: SearchBudget
    public let seed: UInt64
    public let exactSynthesis: Bool
    public let rows: [Row]

    public var families: [String] {
        var seen: [String] = []
        for row in rows where !seen.contains(row.family) { seen.append(row.family) }
        return seen
    }

    // MARK: CSV

    public var csv: String {
        var header = ["family", "line", "attributes", "bit_attributes", "policy", "canonical_text_bytes", "policy_bytes_written",
                      "rows_written", "bytes_written", "lower_bound_rows", "lower_bound_bytes", "exact_rows", "exact_bytes"]
        for strategy in strategies {
            header += ["rows_\(strategy)", "bytes_\(strategy)", "policy_bytes_\(strategy)", "candidate_bytes_\(strategy)",
                       "ms_\(strategy)", "optimal_\(strategy)"]
        }
        let comparing = rows.contains { $0.comparison != nil }
        if comparing { header += Self.comparisonColumns }
        var lines = [header.joined(separator: ",")]
        for row in rows {
            var fields = [row.family, String(row.line), String(row.attributes), String(row.bitAttributes),
                          Self.quoted(row.policy), String(row.canonicalTextBytes), String(row.written.policyBytes),
                          String(row.written.rows), String(row.written.bytes),
                          String(row.lowerBoundRows), String(row.lowerBoundBytes),
                          row.exactMinimum.map { String($0.rows) } ?? "", row.exactMinimum.map { String($0.bytes) } ?? ""]
            for strategy in strategies {
                guard let outcome = row.outcomes[strategy] else { fields += ["", "", "", "", "", ""]; continue }
                fields += [String(outcome.rows), String(outcome.bytes), String(outcome.policyBytes), String(outcome.candidateBytes),
                           String(format: "%.3f", outcome.milliseconds), outcome.optimal ? "1" : "0"]
            }
            if comparing {
                fields += row.comparison.map { [String($0.fabeoContainer), String($0.fameContainer), String($0.openABE), String($0.cpabeToolkit)] }
                    ?? ["", "", "", ""]
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `--compare` columns: this vault's containers for the policy as
    /// written, and two other formats' ciphertexts computed from their layouts.
    static let comparisonColumns = ["fabeo_container_bytes", "fame_container_bytes",
                                    "openabe_cpabe_bytes_computed_from_format_not_measured",
                                    "cpabe_toolkit_bytes_computed_from_format_not_measured"]

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Summaries

    public struct Summary: Sendable {
        public let family: String
        public let strategy: Strategy
        public let policies: Int
        public let meanBytesWritten: Double
        public let meanBytesTuned: Double
        public let meanRowsWritten: Double
        public let meanRowsTuned: Double
        public let optimal: Int
        public let p95Milliseconds: Double

        /// Reduction of the mean container size, in percent.
        public var reduction: Double { meanBytesWritten > 0 ? (1 - meanBytesTuned / meanBytesWritten) * 100 : 0 }
    }

    public func summary(family: String?, strategy: Strategy) -> Summary? {
        let selected = rows.filter { family == nil || $0.family == family }
        let outcomes = selected.compactMap { $0.outcomes[strategy] }
        guard !outcomes.isEmpty else { return nil }
        func mean(_ values: [Int]) -> Double { Double(values.reduce(0, +)) / Double(values.count) }
        return Summary(family: family ?? "all", strategy: strategy, policies: outcomes.count,
                       meanBytesWritten: mean(selected.map(\.written.bytes)), meanBytesTuned: mean(outcomes.map(\.bytes)),
                       meanRowsWritten: mean(selected.map(\.written.rows)), meanRowsTuned: mean(outcomes.map(\.rows)),
                       optimal: outcomes.filter(\.optimal).count,
                       p95Milliseconds: Self.percentile(outcomes.map(\.milliseconds), 0.95))
    }

    /// Nearest-rank percentile.
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Where the exact minimum is known: how far the best strategy's
    /// formula is above it (in percent), per policy.
    public var exactGaps: [Double] {
        rows.compactMap { row -> Double? in
            let gaps = strategies.compactMap { strategy -> Double? in
                guard let outcome = row.outcomes[strategy], let exact = outcome.exactMinimumBytes, exact > 0 else { return nil }
                return (Double(outcome.candidateBytes) / Double(exact) - 1) * 100
            }
            return gaps.min()
        }
    }

    /// p95 of the tuning time of `strategy` over policies with at most `attributes` attributes as written.
    public func p95Milliseconds(strategy: Strategy, maxAttributes: Int) -> (p95: Double, policies: Int) {
        let times = rows.filter { $0.attributes <= maxAttributes }.compactMap { $0.outcomes[strategy]?.milliseconds }
        return (Self.percentile(times, 0.95), times.count)
    }

    /// The table `vault bench sizes` prints.
    public var text: String {
        var lines = ["scheme \(scheme), budget \(budget), seed \(seed), exact synthesis \(exactSynthesis ? "on" : "off"); "
                     + "bytes are whole containers (version 2) for an empty record"]
        let header = ["family", "strategy", "policies", "rows", "bytes written", "bytes tuned", "reduction", "optimal", "p95 ms"]
        var table = [header]
        for family in families + ["all"] {
            for strategy in strategies {
                guard let summary = summary(family: family == "all" ? nil : family, strategy: strategy) else { continue }
                table.append([family, strategy.rawValue, String(summary.policies),
                              String(format: "%.1f → %.1f", summary.meanRowsWritten, summary.meanRowsTuned),
                              String(format: "%.0f", summary.meanBytesWritten), String(format: "%.0f", summary.meanBytesTuned),
                              String(format: "%.1f%%", summary.reduction),
                              "\(summary.optimal)/\(summary.policies)", String(format: "%.2f", summary.p95Milliseconds)])
            }
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            lines.append(row.enumerated().map { column, cell in
                column < 2 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  "))
        }
        let gaps = exactGaps
        if !gaps.isEmpty {
            let within = gaps.filter { $0 <= 2 }.count
            lines.append(String(format: "exact minimum computed for %d policies (≤ %d attributes): best strategy within 2%% on %d, largest gap %.2f%%",
                                gaps.count, ExactMinimum.maxAttributes, within, gaps.max() ?? 0))
        }
        if strategies.contains(.default) {
            let (p95, count) = p95Milliseconds(strategy: .default, maxAttributes: 12)
            lines.append(String(format: "default strategy (%@): p95 %.2f ms over %d policies of at most 12 attributes",
                                Strategy.default.rawValue, p95, count))
        }
        lines.append("")
        lines += policyBytesSection
        if let fresh = freshConsentSection { lines.append(""); lines += fresh }
        if rows.contains(where: { $0.comparison != nil }) { lines.append(""); lines += comparisonSection }
        return lines.joined(separator: "\n")
    }
}
