import Foundation

/// Runs `first` and `second` on two cores at once when the machine has
/// them (one after the other when not) and returns both results. For the
/// two independent halves of a check that each take milliseconds; the CPU
/// time is the same, only the wait is shorter.
func bothAtOnce<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return (first(), second()) }
    let results = PairOfResults<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        if i == 0 { results.setFirst(first()) } else { results.setSecond(second()) }
    }
    return results.both()
}

private final class PairOfResults<A, B>: @unchecked Sendable {
    // @unchecked Sendable: both fields are guarded by `lock`.
    private let lock = NSLock()
    private var first: A?
    private var second: B?

    func setFirst(_ value: A) { lock.withLock { first = value } }
    func setSecond(_ value: B) { lock.withLock { second = value } }

    func both() -> (A, B) {
        lock.withLock {
            guard let first, let second else { preconditionFailure("concurrentPerform returned before both halves ran") }
            return (first, second)
        }
    }
}
