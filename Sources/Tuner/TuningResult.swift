import ABE
import Foundation

/// Sizes of one policy in a container.
public struct PolicySize: Hashable, Sendable, Codable {
    public let rows: Int
    /// τ: how often the most repeated attribute occurs.
    public let maxOccurrence: Int
    /// Bytes of the policy's binary encoding: what the container stores.
    public let policyBytes: Int
    /// UTF-8 length of the bit-level canonical text (the searches' ranking
    /// of the policy part, `SizeObjective.searchBytes`).
    public let policyTextBytes: Int
    /// Whole container, for an empty record (`CiphertextSize.containerBytes`, exact).
    public let bytes: Int

    /// The sizes of `policy`'s container under `objective`'s scheme.
    public init(_ policy: Policy, objective: SizeObjective) {
        let matrix = policy.lsss()
        self.rows = matrix.rowCount
        self.maxOccurrence = matrix.maxOccurrence
        self.policyBytes = CiphertextSize.policyBytes(policy)
        self.policyTextBytes = policy.compiledText.utf8.count
        self.bytes = objective.bytes(rows: matrix.rowCount, maxOccurrence: matrix.maxOccurrence, policyBytes: policyBytes)
    }

    /// The exact cost, by which finished candidates are compared.
    func cost(_ objective: SizeObjective) -> Cost {
        Cost(overLimit: objective.maxOccurrenceLimit.map { maxOccurrence > $0 } ?? false, bytes: bytes,
             maxOccurrence: maxOccurrence, rows: rows, textBytes: policyBytes)
    }

    /// The cost in the searches' units (a bound handed to a search).
    func searchCost(_ objective: SizeObjective) -> Cost {
        objective.cost(rows: rows, maxOccurrence: maxOccurrence, textBytes: policyTextBytes)
    }
}

/// What `Tuner.tune` found. `tuned` is the policy to encrypt under: either
/// the input or an equivalent policy proven to have the same truth table
/// (`proof`), chosen only when its container is smaller.
public struct TuningResult: Sendable {
    public let original: Policy
    /// The policy to encrypt under (`original` when nothing smaller was proven).
    public let tuned: Policy
    /// Whether `tuned` differs from `original`. The container stores only
    /// `tuned`; the policy as written belongs in the chain anchor, if any.
    public var changed: Bool { tuned != original }
    public let configuration: TuningConfiguration
    public let before: PolicySize
    public let after: PolicySize
    /// The smallest proven-equivalent policy found, and its size: `tuned`
    /// whenever its container is smaller than the original's.
    public let candidate: Policy
    public let candidateSize: PolicySize
    /// How `candidate` was proven equivalent to `original`.
    public let proof: EquivalenceProof
    /// For the function of `candidate`: no formula has fewer rows or bytes.
    public let lowerBound: LowerBound
    /// For the function of `candidate`, when it has at most five attributes.
    public let exactMinimum: ExactMinimum?
    /// Whether `candidate` is as small as a formula for its function can be.
    public let optimality: Optimality
    public let evaluations: Int
    public let searches: Int
    /// Every ordering search tried all orderings that matter or reached a read-once formula.
    public let searchComplete: Bool
    /// Some search used its whole evaluation budget.
    public let budgetReached: Bool
    public let elapsed: Duration
    public let notes: [String]

    public var strategy: Strategy { configuration.strategy }
    public var optimal: Bool { optimality.isOptimal }

    /// The tuned policy as text: comparisons as written where they survive,
    /// bit attributes elsewhere.
    public var tunedText: String { tuned.canonicalText }

    public var elapsedMilliseconds: Double {
        Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    // MARK: Output

    /// `vault tune --json`.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Report(self)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    struct Report: Encodable {
        let tuned: String
        let tunedCompiled: String
        let original: String
        let changed: Bool
        let scheme: String
        let strategy: String
        let rowsBefore: Int
        let rowsAfter: Int
        let bytesBefore: Int
        let bytesAfter: Int
        let policyBytesBefore: Int
        let policyBytesAfter: Int
        let maxOccurrenceBefore: Int
        let maxOccurrenceAfter: Int
        let lowerBound: Int
        let lowerBoundBytes: Int
        let optimal: Bool
        let optimality: String
        let exactMinimumRows: Int?
        let exactMinimumBytes: Int?
        let candidateRows: Int
        let candidateBytes: Int
        let proof: String
        let evaluations: Int
        let searchComplete: Bool
        let elapsedMs: Double
        let seed: UInt64
        let notes: [String]

        init(_ result: TuningResult) {
            tuned = result.tunedText
            tunedCompiled = result.tuned.compiledText
            original = result.original.canonicalText
            changed = result.changed
            scheme = result.configuration.scheme.description
            strategy = result.strategy.rawValue
            rowsBefore = result.before.rows
            rowsAfter = result.after.rows
            bytesBefore = result.before.bytes
            bytesAfter = result.after.bytes
            policyBytesBefore = result.before.policyBytes
            policyBytesAfter = result.after.policyBytes
            maxOccurrenceBefore = result.before.maxOccurrence
            maxOccurrenceAfter = result.after.maxOccurrence
            lowerBound = result.lowerBound.rows
            lowerBoundBytes = result.lowerBound.bytes
            optimal = result.optimal
            optimality = result.optimality.summary
            exactMinimumRows = result.exactMinimum?.rows
            exactMinimumBytes = result.exactMinimum?.bytes
            candidateRows = result.candidateSize.rows
            candidateBytes = result.candidateSize.bytes
            proof = result.proof.summary
            evaluations = result.evaluations
            searchComplete = result.searchComplete
            elapsedMs = (result.elapsedMilliseconds * 1000).rounded() / 1000
            seed = result.configuration.seed
            notes = result.notes
        }

        enum CodingKeys: String, CodingKey {
            case tuned, original, changed, scheme, strategy, optimal, optimality, proof, evaluations, seed, notes
            case tunedCompiled = "tuned_compiled"
            case rowsBefore = "rows_before", rowsAfter = "rows_after"
            case bytesBefore = "bytes_before", bytesAfter = "bytes_after"
            case policyBytesBefore = "policy_bytes_before", policyBytesAfter = "policy_bytes_after"
            case maxOccurrenceBefore = "max_occurrence_before", maxOccurrenceAfter = "max_occurrence_after"
            case lowerBound = "lower_bound", lowerBoundBytes = "lower_bound_bytes"
            case exactMinimumRows = "exact_minimum_rows", exactMinimumBytes = "exact_minimum_bytes"
            case candidateRows = "candidate_rows", candidateBytes = "candidate_bytes"
            case searchComplete = "search_complete"
            case elapsedMs = "elapsed_ms"
        }
    }

    /// `vault tune` for people.
    public var text: String {
        func percent(_ from: Int, _ to: Int) -> String {
            guard from > 0 else { return "" }
            let change = Double(to - from) / Double(from) * 100
            return String(format: " (%@%.1f%%)", change > 0 ? "+" : "", change)
        }
        var lines: [(String, String)] = [
            ("policy", original.canonicalText),
            ("tuned", changed ? tunedText : "unchanged"),
        ]
        if changed, tuned.compiledText != tunedText { lines.append(("compiled", tuned.compiledText)) }
        lines.append(("rows", "\(before.rows) → \(after.rows) (lower bound \(lowerBound.rows))"))
        var bytes = "\(before.bytes) → \(after.bytes)\(percent(before.bytes, after.bytes))"
        bytes += ", policy \(before.policyBytes) → \(after.policyBytes)"
        lines.append(("bytes (\(configuration.scheme))", bytes))
        lines.append(("max occurrence", "\(before.maxOccurrence) → \(after.maxOccurrence)"))
        lines.append(("optimal", optimality.summary))
        if let exactMinimum {
            lines.append(("exact minimum", "\(exactMinimum.rows) row\(exactMinimum.rows == 1 ? "" : "s"), \(exactMinimum.bytes) bytes: \(exactMinimum.formula.canonicalText)"))
        }
        let completeness = budgetReached ? ", budget reached" : ""
        lines.append(("strategy", "\(strategy) (\(evaluations) evaluation\(evaluations == 1 ? "" : "s")\(completeness), seed \(configuration.seed), \(String(format: "%.2f", elapsedMilliseconds)) ms)"))
        lines.append(("equivalence", proof.method == .identical ? proof.summary : "proven: \(proof.summary)"))
        for note in notes { lines.append(("note", note)) }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { label, value in
            label + ":" + String(repeating: " ", count: width - label.count + 1) + value
        }.joined(separator: "\n")
    }
}
