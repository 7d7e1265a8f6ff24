import Foundation

/// A fixed set of threads for work that blocks (SQLite, fsync, waiting for
/// the commit queue). Dispatch's default queues keep roughly one thread per
/// core and do not grow for threads parked on a semaphore, so blocked node
/// requests would queue behind each other; here up to `size` wait at once,
/// which is what lets the commit queue gather them into one block.
final class BlockingPool: @unchecked Sendable {
    // @unchecked Sendable: `jobs` is guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    init(size: Int, name: String) {
        for i in 0..<size {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(i)"
            thread.start()
        }
    }

    func run(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
