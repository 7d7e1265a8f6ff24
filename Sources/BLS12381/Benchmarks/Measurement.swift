/// A benchmark figure: the median wall-clock time of one operation.
public struct BenchmarkResult: Sendable, Equatable {
    public let name: String
    public let medianNanoseconds: Double
    public let runs: Int

    public init(name: String, medianNanoseconds: Double, runs: Int) {
        self.name = name; self.medianNanoseconds = medianNanoseconds; self.runs = runs
    }
}

/// Times `operation` until `budget` has passed (and at least `minimumRuns`
/// samples exist), each sample covering `batch` calls, and returns the median
/// per call. Medians rather than means, because these machines are noisy.
public func measureMedian(_ name: String, batch: Int = 1, budget: Duration = .milliseconds(400),
                          minimumRuns: Int = 5, _ operation: () -> Void) -> BenchmarkResult {
    let clock = ContinuousClock()
    operation()  // warm caches and lazy tables
    var samples = [Double]()
    let start = clock.now
    while samples.count < minimumRuns || clock.now - start < budget {
        let t0 = clock.now
        for _ in 0..<batch { operation() }
        let elapsed = clock.now - t0
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        samples.append(ns / Double(batch))
        if samples.count >= 100_000 { break }
    }
    samples.sort()
    let mid = samples.count / 2
    let median = samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
    return BenchmarkResult(name: name, medianNanoseconds: median, runs: samples.count * batch)
}

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never) public func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
