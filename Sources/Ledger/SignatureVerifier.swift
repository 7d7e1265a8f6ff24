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

    init(chunkSize: Int = 128, maxChunksInFlight: Int = 64) {
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
        dispatchBuffer()
        group.wait()
        return lock.withLock { firstFailure }
    }

    private func dispatchBuffer() {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
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
                if !check.isValid {
                    lock.withLock {
                        if firstFailure.map({ order < $0.order }) ?? true { firstFailure = (order, check) }
                    }
                    return
                }
            }
        }
    }
}
