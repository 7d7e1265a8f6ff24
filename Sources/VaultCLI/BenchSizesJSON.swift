import Tuner

/// `vault bench sizes --json`: the CSV's figures as one document, with the
/// per-family summaries the text report prints.
enum BenchSizesJSON {
    static func document(_ report: SizesReport) -> JSONValue {
        let policies: [JSONValue] = report.rows.map { row in
            var tuned: [String: JSONValue] = [:]
            for strategy in report.strategies {
                guard let outcome = row.outcomes[strategy] else { continue }
                tuned[strategy.rawValue] = ["rows": .int(outcome.rows), "bytes": .int(outcome.bytes), "policy_bytes": .int(outcome.policyBytes),
                                            "ms": .double(outcome.milliseconds), "optimal": .bool(outcome.optimal)]
            }
            var object: [String: JSONValue] = [
                "family": .string(row.family), "line": .int(row.line), "policy": .string(row.policy),
                "attributes": .int(row.attributes), "bit_attributes": .int(row.bitAttributes),
                "rows_written": .int(row.written.rows), "bytes_written": .int(row.written.bytes),
                "lower_bound_rows": .int(row.lowerBoundRows), "lower_bound_bytes": .int(row.lowerBoundBytes),
                "tuned": .object(tuned),
            ]
            if let exact = row.exactMinimum {
                object["exact_rows"] = .int(exact.rows)
                object["exact_bytes"] = .int(exact.bytes)
            }
            return .object(object)
        }
        let summaries: [JSONValue] = (report.families.map(Optional.some) + [nil]).flatMap { family in
            report.strategies.compactMap { strategy -> JSONValue? in
                guard let s = report.summary(family: family, strategy: strategy) else { return nil }
                return ["family": .string(s.family), "strategy": .string(strategy.rawValue), "policies": .int(s.policies),
                        "mean_bytes_written": .double(s.meanBytesWritten), "mean_bytes_tuned": .double(s.meanBytesTuned),
                        "reduction_percent": .double(s.reduction), "optimal": .int(s.optimal), "p95_ms": .double(s.p95Milliseconds)]
            }
        }
        return ["scheme": .string(report.scheme.description), "seed": .int(Int(report.seed)),
                "strategies": .strings(report.strategies.map(\.rawValue)), "policies": .array(policies), "summaries": .array(summaries)]
    }
}
