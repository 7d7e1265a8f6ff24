/// Median wall-clock time of an operation, for benchmarks in modules that do
/// not link the pairing engine's `measureMedian` (Ledger).
public enum Timing {
    /// Runs `operation` at least `runs` times and until `budget` has passed
    /// (after one warm-up run); returns the median in nanoseconds.
    public static func medianNanoseconds(runs: Int = 5, budget: Duration = .milliseconds(200), _ operation: () -> Void) -> Double {
        let clock = ContinuousClock()
        operation()
        var samples = [Double]()
        let start = clock.now
        while samples.count < runs || (clock.now - start < budget && samples.count < 10_000) {
            let t0 = clock.now
            operation()
            let elapsed = clock.now - t0
            samples.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
        }
        samples.sort()
        let mid = samples.count / 2
        return samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
    }
}

/// One line of `vault bench hostile`: a decoder, the worst input tried
/// against it, the median time to refuse it and the refusal shown.
public struct HostileInputFigure: Sendable {
    public let decoder: String
    public let input: String
    public let medianNanoseconds: Double
    /// The refusal, or nil when the input was (wrongly) accepted.
    public let refusal: String?

    public init(decoder: String, input: String, medianNanoseconds: Double, refusal: String?) {
        self.decoder = decoder; self.input = input; self.medianNanoseconds = medianNanoseconds; self.refusal = refusal
    }

    /// Times `decode`, which must throw; records the first refusal.
    public static func measure(_ decoder: String, _ input: String, budget: Duration = .milliseconds(200),
                               _ decode: () throws -> Void) -> HostileInputFigure {
        var refusal: String?
        do { try decode() } catch { refusal = DisplayText.escaped(String(describing: error)) }
        let ns = Timing.medianNanoseconds(budget: budget) { _ = try? decode() }
        return HostileInputFigure(decoder: decoder, input: input, medianNanoseconds: ns, refusal: refusal)
    }
}
