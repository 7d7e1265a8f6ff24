import Foundation
import Ledger

/// Group commit: concurrent submissions wait here and are sealed together,
/// one block per round, by one thread that owns the chain's writes.
///
/// Each round takes everything queued, orders it by submitter and nonce (so
/// clients of one member that signed concurrently land in nonce order),
/// runs each submission's record-level check against the sealed chain,
/// judges its transactions, and seals the accepted ones into one block. A
/// submission that touches a record already touched this round waits for the
/// next round, so its check sees the earlier one sealed.
final class CommitQueue: @unchecked Sendable {
    // @unchecked Sendable: `queue` and `stopped` are guarded by `condition`;
    // the chain is written only by the commit thread.
    struct Submission {
        /// Signed by a client: known before the round. Nil for the node's own
        /// transactions, which `make` signs on the commit thread, so their
        /// nonces follow commit order and never race each other.
        let signed: [SignedTransaction]?
        let make: () throws -> [SignedTransaction]
        let recordID: String?
        let check: () throws -> Void
        let done: (Result<Receipt, Error>) -> Void

        var sortKey: (String, UInt64) {
            guard let first = signed?.first?.body else { return ("", 0) }
            return (first.submitter, first.nonce)
        }
    }

    private let chain: Chain
    private let sealer: Identity
    private let condition = NSCondition()
    private var queue: [Submission] = []
    private var stopped = false
    private var thread: Thread?
    /// Called when a seal meets a block that fails validation (a forged
    /// block from the orderer): the node stops writing.
    var onRefusal: (@Sendable (String) -> Void)?
    /// Called before each seal: makes the blobs the block anchors durable.
    var beforeSeal: (@Sendable () throws -> Void)?

    init(chain: Chain, sealer: Identity) {
        self.chain = chain
        self.sealer = sealer
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "vault-commit"
        self.thread = thread
        thread.start()
    }

    /// Lets the queued submissions finish, then ends the commit thread.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        while thread?.isFinished == false { usleep(1000) }
    }

    /// Submits a client's signed transactions and waits until they are sealed.
    func submitAndWait(_ transactions: [SignedTransaction], recordID: String? = nil,
                       check: @escaping () throws -> Void = {}) throws -> Receipt {
        try wait { done in Submission(signed: transactions, make: { transactions }, recordID: recordID, check: check, done: done) }
    }

    /// Submits transactions the node signs itself, built on the commit thread.
    func submitAndWait(making make: @escaping () throws -> [SignedTransaction]) throws -> Receipt {
        try wait { done in Submission(signed: nil, make: make, recordID: nil, check: {}, done: done) }
    }

    private func wait(_ submission: (@escaping (Result<Receipt, Error>) -> Void) -> Submission) throws -> Receipt {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox()
        enqueue(submission { box.result = $0; semaphore.signal() })
        semaphore.wait()
        return try box.result!.get()
    }

    final class ResultBox: @unchecked Sendable { var result: Result<Receipt, Error>? }

    private func enqueue(_ submission: Submission) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else {
            submission.done(.failure(NodeProblem.unavailable("the node is shutting down; try again")))
            return
        }
        queue.append(submission)
        condition.signal()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty && stopped {
                condition.unlock()
                return
            }
            let round = queue
            queue.removeAll()
            condition.unlock()
            let deferred = commit(round)
            if !deferred.isEmpty {
                condition.lock()
                queue.insert(contentsOf: deferred, at: 0)
                condition.unlock()
            }
        }
    }

    /// Seals one block from `round`; returns the submissions left for the next round.
    private func commit(_ round: [Submission]) -> [Submission] {
        let ordered = round.sorted { $0.sortKey < $1.sortKey }
        var touched = Set<String>()
        var accepted: [(Submission, [SignedTransaction])] = []
        var later: [Submission] = []
        for submission in ordered {
            if let id = submission.recordID, touched.contains(id) {
                later.append(submission)
                continue
            }
            do {
                try submission.check()
                let transactions = try submission.make()
                try chain.submit(transactions)
                if let id = submission.recordID { touched.insert(id) }
                accepted.append((submission, transactions))
            } catch {
                submission.done(.failure(error))
            }
        }
        guard !accepted.isEmpty else { return later }
        do {
            try beforeSeal?()
            guard let result = try chain.seal(by: sealer) else {
                throw NodeProblem.internal("the chain lost the transactions it had accepted; nothing was sealed")
            }
            // With a cluster, another node's block may have used a nonce or
            // changed a membership first: those submissions are refused with
            // the chain's reason, the others are in the block.
            let dropped = Dictionary(result.dropped.map { ($0.transactionID, $0) }, uniquingKeysWith: { a, _ in a })
            for (submission, transactions) in accepted {
                if let refusal = transactions.lazy.compactMap({ dropped[$0.id] }).first {
                    submission.done(.failure(refusal))
                } else if let block = result.block {
                    submission.done(.success(Receipt(recordId: submission.recordID, transactionIds: transactions.map(\.id.hex),
                                                     height: block.height, blockHash: block.hash.hex)))
                } else {
                    submission.done(.failure(NodeProblem.internal("the chain sealed no block for accepted transactions")))
                }
            }
        } catch {
            chain.discardPending()
            var reported = error
            if let failure = error as? VerificationFailure {
                let reason = "the cluster's block at \(failure.description); this node stops writing until the block is explained"
                onRefusal?(reason)
                reported = NodeProblem.unavailable("this node refuses writes: \(reason)")
            }
            for (submission, _) in accepted { submission.done(.failure(reported)) }
        }
        return later
    }
}
