import Foundation
import VaultSupport

/// Keeps `verified-tip` (HEIGHT:HASH of the last block this node sealed or
/// verified) up to date from a thread of its own. Writing it atomically
/// costs two fsyncs (the file, its directory); done on the commit thread
/// they delayed every round's answers. Here the commit thread only hands
/// over the newest tip; the writer writes the latest one it has, and at
/// most once per `interval`, so under load it skips the tips in between.
/// Unthrottled it rewrote the file back to back, and its fsyncs, renames and
/// new inodes took 8.5% of a loaded node's CPU (`perf record` of
/// `vault bench node`). After a crash the file may therefore name a block
/// up to `interval` of blocks below the tip: start-up verification then
/// checks the signatures of those blocks too, and the deletion of blocks
/// below the recorded height is still caught. `stop()` writes the last tip.
final class VerifiedTipWriter: @unchecked Sendable {
    // @unchecked Sendable: `pending` and `stopped` are guarded by `condition`.
    private let path: String
    private let condition = NSCondition()
    private var pending: String?
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)
    /// The least time between two writes.
    let interval: TimeInterval

    init(path: String, interval: TimeInterval = 0.1) {
        self.path = path
        self.interval = interval
        let thread = Thread { [self] in run() }
        thread.name = "vault-verified-tip"
        thread.start()
    }

    /// Asks for `height:hash` to be written.
    func record(height: UInt64, hash: String) {
        condition.withLock {
            pending = "\(height):\(hash)\n"
            condition.signal()
        }
    }

    /// Writes what is pending and ends the thread; later calls return at once.
    func stop() {
        let first = condition.withLock { () -> Bool in
            defer { stopped = true; condition.signal() }
            return !stopped
        }
        if first { finished.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            while pending == nil && !stopped { condition.wait() }
            let text = pending
            pending = nil
            let done = stopped
            condition.unlock()
            if let text { try? AtomicFile.write(Array(text.utf8), to: path, overwrite: true) }
            if done && text == nil { break }
            if text != nil && !done { pause() }
        }
        finished.signal()
    }

    /// Waits `interval`, or less if `stop()` is called meanwhile.
    private func pause() {
        let deadline = Date(timeIntervalSinceNow: interval)
        condition.lock()
        while !stopped && condition.wait(until: deadline) {}
        condition.unlock()
    }
}
