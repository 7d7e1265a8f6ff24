import ABE
import Foundation

/// The parts of `vault bench sizes` after the strategy table: policy bytes
/// per family, the fresh consent-accumulation policies, and `--compare`.
extension SizesReport {
    /// The family `--fresh-consent` adds.
    public static let freshConsentFamily = "fresh-consent"

    /// The strategy whose results the sections report: the default one when it ran.
    var reportedStrategy: Strategy { strategies.contains(.default) ? .default : strategies[0] }

    static func mean(_ values: [Int]) -> Double {
        values.isEmpty ? 0 : Double(values.reduce(0, +)) / Double(values.count)
    }

    /// Mean canonical text, mean binary policy as written and tuned, per family.
    var policyBytesSection: [String] {
        let strategy = reportedStrategy
        var table = [["family", "policies", "canonical text", "binary as written", "ratio", "binary tuned (\(strategy))", "ratio"]]
        for family in families + ["all"] {
            let selected = rows.filter { family == "all" || $0.family == family }
            let text = Self.mean(selected.map(\.canonicalTextBytes))
            let written = Self.mean(selected.map(\.written.policyBytes))
            let tuned = Self.mean(selected.compactMap { $0.outcomes[strategy]?.policyBytes })
            table.append([family, String(selected.count), String(format: "%.1f", text), String(format: "%.1f", written),
                          String(format: "%.2f", text > 0 ? written / text : 0), String(format: "%.1f", tuned),
                          String(format: "%.2f", text > 0 ? tuned / text : 0)])
        }
        return ["policy bytes in the container (binary encoding) against the canonical policy text, means per family:"]
            + Self.aligned(table)
    }

    /// Saving and distance from the exact minimum on `freshConsentFamily`.
    var freshConsentSection: [String]? {
        let fresh = rows.filter { $0.family == Self.freshConsentFamily }
        guard !fresh.isEmpty else { return nil }
        let strategy = reportedStrategy
        let savings = fresh.compactMap { row -> Double? in
            guard let outcome = row.outcomes[strategy], row.written.bytes > 0 else { return nil }
            return (1 - Double(outcome.bytes) / Double(row.written.bytes)) * 100
        }
        let meanSaving = savings.isEmpty ? 0 : savings.reduce(0, +) / Double(savings.count)
        let gaps = fresh.compactMap { row -> Double? in
            guard let outcome = row.outcomes[strategy], let exact = row.exactMinimum, exact.bytes > 0 else { return nil }
            return (Double(outcome.bytes) / Double(exact.bytes) - 1) * 100
        }
        var lines = [String(format: "fresh consent-accumulation policies (%d, generated with seed %llu, not the corpus), %@: mean saving %.1f%% of container bytes (min %.1f%%, max %.1f%%)",
                            fresh.count, seed, strategy.rawValue, meanSaving, savings.min() ?? 0, savings.max() ?? 0)]
        if gaps.isEmpty {
            lines.append("  exact minimum computable for none of them (each depends on more than \(ExactMinimum.maxAttributes) attributes)")
        } else {
            lines.append(String(format: "  exact minimum computed for %d of them: %d within 5%% of it, largest gap %.2f%%",
                                gaps.count, gaps.filter { $0 <= 5 }.count, gaps.max() ?? 0))
        }
        return lines
    }

    /// `--compare`: means per family of this vault's containers and the
    /// other formats' ciphertexts for the policy as written.
    var comparisonSection: [String] {
        var table = [["family", "policies", "FABEO container", "FAME container", "OpenABE CP-ABE*", "cpabe toolkit*"]]
        for family in families + ["all"] {
            let selected = rows.filter { family == "all" || $0.family == family }.compactMap(\.comparison)
            guard !selected.isEmpty else { continue }
            table.append([family, String(selected.count), String(format: "%.0f", Self.mean(selected.map(\.fabeoContainer))),
                          String(format: "%.0f", Self.mean(selected.map(\.fameContainer))),
                          String(format: "%.0f", Self.mean(selected.map(\.openABE))),
                          String(format: "%.0f", Self.mean(selected.map(\.cpabeToolkit)))])
        }
        return ["bytes for the policy as written, means per family (empty record); * computed from format, not measured "
                + "(published serialisation layouts: element counts × element sizes plus policy strings; docs/ABE.md)"]
            + Self.aligned(table)
    }

    /// Left-aligned first column, right-aligned numbers.
    static func aligned(_ table: [[String]]) -> [String] {
        let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }
}
