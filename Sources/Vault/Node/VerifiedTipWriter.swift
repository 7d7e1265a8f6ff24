import Foundation
import VaultSupport

/// Keeps `verified-tip` (HEIGHT:HASH of the last block this node sealed or
/// verified) up to date from a thread of its own. Writing it atomically
/// costs two fsyncs (the file, its directory); done on the commit thread
/// they delayed every round's answers. Here the commit thread only hands
/// over the newest tip; the writer writes the latest one it has, so under
/// load it skips the tips in between. After a crash the file may therefore
/// name a block a few heights below the tip: start-up verification then
/// checks the signatures of those blocks too, and the deletion of blocks
/// below the recorded height is still caught. `stop()` writes the last tip.
final class VerifiedTipWriter: @unchecked Sendable {
    // @unchecked Sendable: `pending` and `stopped` are guarded by `condition`.
    private let path: String
    private let condition = NSCondition()
    private var pending: String?
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    init(path: String) {
        self.path = path
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
        }
        finished.signal()
    }
}
