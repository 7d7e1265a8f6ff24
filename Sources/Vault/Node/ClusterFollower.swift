import Foundation
import Ledger

/// Keeps a node's replica up with the blocks the other nodes order: on its
/// own thread, it reads every block above the replica's tip from the
/// orderer and has the chain judge and apply it (`Chain.accept`), then waits
/// for the orderer's watch to report more. A block that fails validation
/// stops the node's writes, naming the height and the reason; an orderer
/// that cannot be reached is retried, and reads go on from the replica.
final class ClusterFollower: @unchecked Sendable {
    // @unchecked Sendable: `stopped` is guarded by `lock`; the chain is thread-safe.
    private let chain: Chain
    private let orderer: BlockOrderer
    private let refuseWrites: @Sendable (String) -> Void
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?
    /// The last time the orderer could not be read, for /health.
    private var lastProblem: String?

    init(chain: Chain, orderer: BlockOrderer, refuseWrites: @escaping @Sendable (String) -> Void) {
        self.chain = chain
        self.orderer = orderer
        self.refuseWrites = refuseWrites
    }

    var problem: String? { lock.withLock { lastProblem } }

    func start() {
        orderer.startFollowing()
        let thread = Thread { [self] in run() }
        thread.name = "vault-follower"
        self.thread = thread
        thread.start()
    }

    func stop() {
        lock.withLock { stopped = true }
        orderer.stop()
        while thread?.isFinished == false { usleep(1000) }
    }

    private func run() {
        var seen: UInt64 = 0
        while !lock.withLock({ stopped }) {
            do {
                try chain.catchUp()
                lock.withLock { lastProblem = nil }
            } catch let failure as VerificationFailure {
                refuseWrites("the cluster's block at \(failure.description); this node stops writing until the block is explained")
                return
            } catch {
                lock.withLock { lastProblem = "cannot read the orderer: \(error)" }
            }
            // The watch wakes us at once; the timeout re-reads in case it missed one.
            seen = orderer.awaitChange(after: seen, timeout: 1)
        }
    }
}
