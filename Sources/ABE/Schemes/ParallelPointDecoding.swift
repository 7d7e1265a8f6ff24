import Foundation

/// Decodes a KEM's points (a square root, the curve and the subgroup test
/// each, about 0.1 ms for G1 here) on every core: a container's rows are
/// public and independent, and refusing the worst one the limits let
/// through must stay within docs/ABE.md's budget. The error is the one the
/// sequential loop would throw: that of the first bad point in order.
func decodeAll<Point: Sendable>(_ encodings: [[UInt8]], _ decode: @escaping @Sendable (Int, [UInt8]) throws(ABEError) -> Point) throws(ABEError) -> [Point] {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, encodings.count / minimumPointsPerWorker)
    guard workers > 1 else {
        var points = [Point]()
        points.reserveCapacity(encodings.count)
        for (i, bytes) in encodings.enumerated() { points.append(try decode(i, bytes)) }
        return points
    }
    let results = DecodingResults<Point>(count: encodings.count)
    let done = DispatchGroup()
    // Contiguous shares: a worker stops at the first bad point of its share,
    // or as soon as an earlier share has one (its points cannot matter).
    let share = (encodings.count + workers - 1) / workers
    for w in 0..<workers {
        let range = (w * share)..<min(encodings.count, (w + 1) * share)
        done.enter()
        Thread.detachNewThread {
            for i in range where !results.failedBefore(i) {
                do throws(ABEError) { results.store(try decode(i, encodings[i]), at: i) } catch {
                    results.fail(error, at: i)
                    break
                }
            }
            done.leave()
        }
    }
    done.wait()
    return try results.points()
}

/// Below this many points per thread, starting one costs more than it saves.
private let minimumPointsPerWorker = 16

/// The workers' results, one slot per point, and the earliest failure.
private final class DecodingResults<Point>: @unchecked Sendable {
    // @unchecked Sendable: every field is guarded by `lock`.
    private let lock = NSLock()
    private var slots: [Point?]
    private var failure: (index: Int, error: ABEError)?

    init(count: Int) { slots = [Point?](repeating: nil, count: count) }

    func store(_ point: Point, at i: Int) { lock.withLock { slots[i] = point } }

    func fail(_ error: ABEError, at i: Int) {
        lock.withLock { if failure.map({ i < $0.index }) ?? true { failure = (i, error) } }
    }

    func failedBefore(_ i: Int) -> Bool { lock.withLock { failure.map { $0.index < i } ?? false } }

    func points() throws(ABEError) -> [Point] {
        let (slots, failure) = lock.withLock { (self.slots, self.failure) }
        if let failure { throw failure.error }
        return slots.map { $0! }
    }
}
