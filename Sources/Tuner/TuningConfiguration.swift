import ABE

/// Everything that decides how a policy is tuned.
public struct TuningConfiguration: Hashable, Sendable {
    public var scheme: SchemeID
    public var strategy: Strategy
    public var budget: SearchBudget
    public var seed: UInt64
    /// The catalog options the policy was checked with; the tuned policy is
    /// checked with the same ones.
    public var policyOptions: PolicyOptions
    /// Let the numeric levers restate comparisons (proofs then cover the
    /// keys the catalog can issue rather than every attribute set).
    public var numericLevers: Bool
    /// FAME keys' attribute reuse bound, if known: candidates over it lose.
    public var maxOccurrenceLimit: Int?
    /// Compute the exact minimum for policies of at most five attributes.
    public var computesExactMinimum: Bool
    /// Let the optimizer run the exact search on sums of products over at
    /// most five units, after the strategy (a lever shared by all strategies).
    public var exactSynthesis: Bool

    public init(scheme: SchemeID = .fabeo, strategy: Strategy = .default, budget: SearchBudget = .standard,
                seed: UInt64 = 1, policyOptions: PolicyOptions = .standard, numericLevers: Bool = true,
                maxOccurrenceLimit: Int? = nil,
                computesExactMinimum: Bool = true, exactSynthesis: Bool = true) {
        self.scheme = scheme
        self.strategy = strategy
        self.budget = budget
        self.seed = seed
        self.policyOptions = policyOptions
        self.numericLevers = numericLevers
        self.maxOccurrenceLimit = maxOccurrenceLimit
        self.computesExactMinimum = computesExactMinimum
        self.exactSynthesis = exactSynthesis
    }

    public var objective: SizeObjective { SizeObjective(scheme: scheme, maxOccurrenceLimit: maxOccurrenceLimit) }
}
