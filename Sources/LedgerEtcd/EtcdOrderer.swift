import Foundation
import Ledger
import VaultSupport

/// Orders one chain's blocks on an etcd cluster: block h lives at
/// `/record-vault/<chain id>/block/<h, 20 digits>`, and a node appends it
/// with an etcd transaction that puts the key only if it does not exist yet,
/// so two nodes can never store different blocks at one height. etcd's Raft
/// log orders the puts; it is trusted for that and for availability, never
/// for content (`Chain.accept` judges every block it returns).
///
/// A background watch on the chain's prefix wakes `awaitChange`, so a
/// follower learns of new blocks as they are put, without polling.
public final class EtcdOrderer: BlockOrderer, @unchecked Sendable {
    // @unchecked Sendable: `generation` and `stopped` are guarded by `condition`.
    public let client: EtcdClient
    let prefix: [UInt8]
    private let condition = NSCondition()
    private var generation: UInt64 = 0
    private var stopped = false
    private var watcher: Task<Void, Never>?

    public init(client: EtcdClient, chainID: Digest32) {
        self.client = client
        self.prefix = Array("/record-vault/\(chainID.hex)/block/".utf8)
    }

    func key(_ height: UInt64) -> [UInt8] {
        let digits = String(height)
        return prefix + Array((String(repeating: "0", count: max(0, 20 - digits.count)) + digits).utf8)
    }

    public func offer(_ block: StoredBlock) throws -> StoredBlock? {
        let bytes = block.wireBytes
        guard bytes.count <= StoredBlock.maxWireBytes else {
            throw LedgerError.invalidInput("block \(block.height) encodes to \(bytes.count) bytes, more than the \(StoredBlock.maxWireBytes) an etcd request carries")
        }
        guard let existing = try client.putIfAbsent(key: key(block.height), value: bytes) else { return nil }
        // Our own offer, committed although an earlier attempt timed out.
        if existing == bytes { return nil }
        return try decode(existing, at: block.height)
    }

    public func blocks(from height: UInt64, limit: Int) throws -> [StoredBlock] {
        let (values, _) = try client.range(from: key(height), to: EtcdWire.rangeEnd(ofPrefix: prefix), limit: max(1, limit))
        var expected = height
        var blocks: [StoredBlock] = []
        for (k, value) in values {
            guard k == key(expected) else {
                // A gap, or a key that is not a block: stop at the last good height;
                // the caller reports the height it could not find.
                break
            }
            blocks.append(try decode(value, at: expected))
            expected += 1
        }
        return blocks
    }

    private func decode(_ value: [UInt8], at height: UInt64) throws -> StoredBlock {
        let block: StoredBlock
        do { block = try StoredBlock(wireBytes: value) } catch let error as LedgerError {
            throw VerificationFailure(height: height, position: nil, reason: error)
        }
        guard block.height == height else {
            throw VerificationFailure(height: height, position: nil, reason: .brokenChain(
                "the block stored in etcd at height \(height) claims height \(block.height)"))
        }
        return block
    }

    // MARK: Following

    /// Starts the background watch (idempotent). It reconnects after a
    /// failure, from the revision it last saw, and wakes waiters each time.
    public func startFollowing() {
        condition.lock()
        defer { condition.unlock() }
        guard watcher == nil, !stopped else { return }
        watcher = Task.detached { [weak self] in await self?.watchLoop() }
    }

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        watcher?.cancel()
    }

    private func watchLoop() async {
        var revision: Int64 = 0
        while !Task.isCancelled && !condition.withLock({ stopped }) {
            do {
                if revision == 0 {
                    // Start from the cluster's current revision; catch-up reads cover what came before.
                    revision = (try? client.range(from: key(0), to: key(1), limit: 1).revision).map { $0 + 1 } ?? 0
                    if revision == 0 { throw LedgerError.unavailable("no revision") }
                }
                try await client.watch(prefix: prefix, fromRevision: revision) { seen in
                    revision = max(revision, seen + 1)
                    bump()
                }
            } catch {
                // Wake followers so they catch up by reading, then retry shortly.
                bump()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func bump() {
        condition.lock()
        generation &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the watch has seen a change since `seen` (a value this
    /// returned before; 0 at first) or `timeout` seconds pass; returns the
    /// current generation.
    public func awaitChange(after seen: UInt64, timeout: TimeInterval) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while generation == seen && !stopped {
            if !condition.wait(until: deadline) { break }
        }
        return generation
    }
}
