import Foundation

// Blocking work (a database client, a test's server) must not wait behind
// the cooperative pool: on two cores its two threads can be held for
// minutes by CPU-bound tasks queued first.
/// A task executor with one thread of its own: jobs of tasks started with
/// `Task(executorPreference:)` run there, not on the cooperative pool.
public final class ThreadTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false
    private var stopping = false

    /// True from `stop` on, before the thread ends: no new work is taken.
    public var isStopped: Bool { condition.withLock { stopping || stopped } }

    /// Starts the thread, named `name` for debuggers and `ps -L`.
    public init(name: String) {
        let thread = Thread { [self] in work() }
        thread.name = name
        thread.start()
    }

    /// Queues `job` to run on this executor's thread, in order.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    /// Ends the thread once `task` has finished (it runs here) and the
    /// queue is empty.
    public func stop(after task: Task<Void, Never>? = nil) {
        condition.withLock { stopping = true }
        guard let task else {
            condition.withLock { stopped = true; condition.signal() }
            return
        }
        Thread.detachNewThread { [self] in
            let done = DispatchSemaphore(value: 0)
            Task { await task.value; done.signal() }
            _ = done.wait(timeout: .now() + 10)
            condition.withLock { stopped = true; condition.signal() }
        }
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty { condition.unlock(); return }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
