import Foundation

/// Verifies many independent Ed25519 signatures on all cores. An OpenSSL
/// Ed25519 verification costs tens of microseconds, far more than anything
/// else the chain does per transaction, so this is where replay and batched
/// appends spend their time.
enum SignatureBatch {
    /// Below this many checks, threads cost more than they save.
    static let parallelThreshold = 64

    /// The index of the first check (in array order) that fails, or nil when all pass.
    static func firstFailure(in checks: [SignatureCheck]) -> Int? {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard checks.count >= parallelThreshold, workers > 1 else {
            return checks.firstIndex { !$0.isValid }
        }
        // Several chunks per worker keep both cores busy to the end even if
        // one of them is also serving another process.
        let chunks = min(checks.count, workers * 8)
        let firstFailures = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks)
        firstFailures.initialize(repeating: Int.max)
        defer { firstFailures.deallocate() }
        // Each chunk writes only its own slot; nonisolated(unsafe) states that.
        nonisolated(unsafe) let slots = firstFailures
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = checks.count * chunk / chunks, end = checks.count * (chunk + 1) / chunks
            for i in start..<end where !checks[i].isValid {
                slots[chunk] = i
                return
            }
        }
        let first = firstFailures.min() ?? Int.max
        return first == Int.max ? nil : first
    }
}
