import BLS12381
import Foundation

/// Decodes a KEM's points (a square root, the curve and the subgroup test
/// each: about 0.07 ms for G1 and 0.14 ms for G2 here) on every core: a
/// container's points are public and independent. Decoding is about a
/// third of a FABEO decryption at 10 attributes (callgrind, docs/ABE.md),
/// and refusing the worst container the limits let through must stay within
/// docs/ABE.md's budget. The error is the one the sequential loop would
/// throw: that of the first bad point in order.
func decodeAll<Point: Sendable>(_ encodings: [[UInt8]], _ decode: @escaping @Sendable (Int, [UInt8]) throws(ABEError) -> Point) throws(ABEError) -> [Point] {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, encodings.count / minimumPointsPerWorker)
    guard workers > 1 else {
        var points = [Point]()
        points.reserveCapacity(encodings.count)
        for (i, bytes) in encodings.enumerated() { points.append(try decode(i, bytes)) }
        return points
    }
    let results = DecodingResults<Point>(count: encodings.count)
    // Workers take the next point in order, so a G2 point (twice a G1
    // point's work) does not leave one core idle at the end, and every point
    // before a failure is still decoded: the earliest failure is reported.
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let i = results.claim() {
            do throws(ABEError) { results.store(try decode(i, encodings[i]), at: i) } catch { results.fail(error, at: i) }
        }
    }
    return try results.points()
}

/// A point of either group, so that a KEM's G2 and G1 points share one pass.
enum KEMPoint: Sendable {
    case g1(G1Point)
    case g2(G2Point)

    /// The G1 point; the decoders ask only for what they decoded as G1.
    var g1: G1Point {
        guard case .g1(let point) = self else { preconditionFailure("a G2 point was read as G1") }
        return point
    }

    /// The G2 point, likewise.
    var g2: G2Point {
        guard case .g2(let point) = self else { preconditionFailure("a G1 point was read as G2") }
        return point
    }
}

/// Below this many points per core, sharing them costs more than it saves
/// (`vault bench abe`, FABEO decryption at 1, 2 and 10 attributes).
private let minimumPointsPerWorker = 2

/// The workers' results, one slot per point, the next point to take and the
/// earliest failure.
private final class DecodingResults<Point>: @unchecked Sendable {
    // @unchecked Sendable: every field is guarded by `lock`.
    private let lock = NSLock()
    private var slots: [Point?]
    private var next = 0
    private var failure: (index: Int, error: ABEError)?

    init(count: Int) { slots = [Point?](repeating: nil, count: count) }

    /// The next point to decode, or nil when none is left before a failure.
    func claim() -> Int? {
        lock.withLock {
            guard next < slots.count, failure.map({ next < $0.index }) ?? true else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ point: Point, at i: Int) { lock.withLock { slots[i] = point } }

    func fail(_ error: ABEError, at i: Int) {
        lock.withLock { if failure.map({ i < $0.index }) ?? true { failure = (i, error) } }
    }

    func points() throws(ABEError) -> [Point] {
        let (slots, failure) = lock.withLock { (self.slots, self.failure) }
        if let failure { throw failure.error }
        return slots.map { $0! }
    }
}
