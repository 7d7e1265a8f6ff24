import Foundation

/// Checks signatures on background threads while the caller keeps working.
///
/// An OpenSSL Ed25519 verification costs far more than anything else the
/// chain does per transaction, so replay and batched appends hand their
/// signatures here in order and carry on decoding and judging the next
/// transactions; the checks run in chunks on all cores. `finish` waits and
/// returns the failure that comes first in the caller's order, so the
/// reported height does not depend on thread timing.
final class SignatureVerifier: @unchecked Sendable {
    // @unchecked Sendable: `firstFailure` is guarded by `lock`; `buffer` is
    // only touched by the caller's thread.

    /// Where a check sits in the caller's sequence: (height, position).
    struct Order: Comparable, Sendable {
        let height: UInt64
        /// nil for block-level checks (the seal), which come before the block's transactions.
        let position: Int?

        static func < (a: Order, b: Order) -> Bool {
            (a.height, a.position ?? -1) < (b.height, b.position ?? -1)
        }
    }

    private let chunkSize: Int
    private let queue = DispatchQueue(label: "ledger.signature-verifier", attributes: .concurrent)
    private let group = DispatchGroup()
    /// Bounds the checks held in memory while the caller runs ahead.
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var firstFailure: (order: Order, check: SignatureCheck)?
    private var buffer: [(SignatureCheck, Order)] = []
    private var dispatchedAny = false
    private let known: VerifiedSignatures?

    /// Checks a few of at most this many, with no chunk in flight, run on the
    /// caller's thread: handing one transaction's check to another thread
    /// and waiting for it cost more than it saved on the node's commit thread.
    static let inlineLimit = 4

    /// `remembering` skips signatures verified before in this process.
    init(chunkSize: Int = 128, maxChunksInFlight: Int = 64, remembering known: VerifiedSignatures? = nil) {
        self.known = known
        self.chunkSize = max(1, chunkSize)
        self.slots = DispatchSemaphore(value: max(1, maxChunksInFlight))
        buffer.reserveCapacity(self.chunkSize)
    }

    func add(_ check: SignatureCheck, at order: Order) {
        buffer.append((check, order))
        if buffer.count >= chunkSize { dispatchBuffer() }
    }

    /// Waits for every check; the earliest failing one in order, if any.
    func finish() -> (order: Order, check: SignatureCheck)? {
        if !dispatchedAny && buffer.count <= Self.inlineLimit {
            defer { buffer.removeAll() }
            return buffer.first { !$0.0.isValid(remembering: known) }.map { ($0.1, $0.0) }
        }
        dispatchBuffer()
        group.wait()
        return lock.withLock { firstFailure }
    }

    private func dispatchBuffer() {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        let known = known
        dispatchedAny = true
        buffer.removeAll(keepingCapacity: true)
        slots.wait()
        group.enter()
        queue.async { [self] in
            defer {
                slots.signal()
                group.leave()
            }
            for (check, order) in chunk {
                // A failure earlier in order makes later checks pointless.
                if let known = lock.withLock({ firstFailure?.order }), known < order { return }
                if !check.isValid(remembering: known) {
                    lock.withLock {
                        if firstFailure.map({ order < $0.order }) ?? true { firstFailure = (order, check) }
                    }
                    return
                }
            }
        }
    }
}
