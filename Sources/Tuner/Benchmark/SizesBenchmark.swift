import ABE

/// `vault bench sizes`: every strategy over every policy of a corpus.
public struct SizesBenchmark: Sendable {
    public var scheme: SchemeID
    public var strategies: [Strategy]
    public var budget: SearchBudget
    public var seed: UInt64
    public var policyOptions: PolicyOptions
    public var exactSynthesis: Bool
    /// Add the sizes of other implementations' formats (`PublishedFormatSizes`).
    public var compare: Bool

    public init(scheme: SchemeID = .fabeo, strategies: [Strategy] = Strategy.allCases,
                budget: SearchBudget = .standard, seed: UInt64 = 1, policyOptions: PolicyOptions = .standard,
                exactSynthesis: Bool = true, compare: Bool = false) {
        self.scheme = scheme
        self.strategies = strategies
        self.budget = budget
        self.seed = seed
        self.policyOptions = policyOptions
        self.exactSynthesis = exactSynthesis
        self.compare = compare
    }

    /// Tunes each policy with each strategy; `progress(done, total)` after each policy.
    public func run(_ corpus: PolicyCorpus, progress: (Int, Int) -> Void = { _, _ in }) -> SizesReport {
        let entries = corpus.entries
        // One untimed run first, so that the first timed policy does not pay
        // for the runtime's one-time set-up.
        if let first = entries.first { _ = Tuner.tune(policy: first.policy, configuration: configuration(.default)) }
        var rows: [SizesReport.Row] = []
        for (index, entry) in entries.enumerated() {
            var outcomes: [Strategy: SizesReport.Outcome] = [:]
            var certificates: TuningResult?
            for strategy in strategies {
                let result = Tuner.tune(policy: entry.policy, configuration: configuration(strategy))
                outcomes[strategy] = SizesReport.Outcome(result)
                if certificates == nil || strategy == .default { certificates = result }
            }
            let policy = entry.policy
            rows.append(SizesReport.Row(
                family: entry.family, line: entry.line, policy: entry.text,
                canonicalTextBytes: policy.canonicalText.utf8.count,
                attributes: policy.attributes.count + policy.comparedKeys.count,
                bitAttributes: policy.compiledAttributes.count,
                written: PolicySize(policy, objective: SizeObjective(scheme: scheme)),
                outcomes: outcomes,
                lowerBoundRows: certificates?.lowerBound.rows ?? 0,
                lowerBoundBytes: certificates?.lowerBound.bytes ?? 0,
                exactMinimum: certificates?.exactMinimum,
                comparison: compare ? PublishedFormatSizes(policy) : nil))
            progress(index + 1, entries.count)
        }
        return SizesReport(scheme: scheme, strategies: strategies, budget: budget, seed: seed, exactSynthesis: exactSynthesis,
                           rows: rows)
    }

    private func configuration(_ strategy: Strategy) -> TuningConfiguration {
        TuningConfiguration(scheme: scheme, strategy: strategy, budget: budget, seed: seed, policyOptions: policyOptions,
                            exactSynthesis: exactSynthesis)
    }
}
