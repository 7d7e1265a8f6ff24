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
/// follower learns of new blocks as they are put, without polling, and
/// keeps the blocks it carried (`WatchedBlocks`) for the follower to read
/// without asking etcd again.
public final class EtcdOrderer: BlockOrderer, @unchecked Sendable {
    // @unchecked Sendable: `generation`, `stopped` and `watched` are guarded by `condition`.
    public let client: EtcdClient
    let prefix: [UInt8]
    private let condition = NSCondition()
    private var generation: UInt64 = 0
    private var watched = WatchedBlocks()
    /// The watch runs from a revision at which `highestKnown` was etcd's
    /// last block: every later block reaches `watched` through it.
    private var watchLive = false
    /// The greatest height known to hold a block in etcd.
    private var highestKnown: UInt64?
    /// When the watch last connected or delivered. A watch quiet for longer
    /// than `quietLimit` is not relied on: a member cut off from the others
    /// may keep a stream open and silent.
    private var lastWatchNews = ContinuousClock.now
    static let quietLimit: Duration = .seconds(1)
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
        let existing = try client.putIfAbsent(key: key(block.height), value: bytes)
        condition.withLock { known(block.height) }
        guard let existing else { return nil }
        // Our own offer, committed although an earlier attempt timed out.
        if existing == bytes { return nil }
        return try decode(existing, at: block.height)
    }

    /// The height a block key names, or nil for a key that is not one.
    func height(ofKey key: [UInt8]) -> UInt64? {
        guard key.count == prefix.count + 20, key.starts(with: prefix) else { return nil }
        var height: UInt64 = 0
        for digit in key[prefix.count...] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            let (times10, o1) = height.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            height = sum
        }
        return height
    }

    /// Blocks the watch delivered come from memory. Above the last block
    /// known to exist, a live watch means there is nothing more yet (it
    /// will deliver the next one and wake the followers), so no read is
    /// needed. Any other height is read from etcd (a linearizable range).
    public func blocks(from height: UInt64, limit: Int) throws -> [StoredBlock] {
        let (remembered, nothingYet) = condition.withLock {
            let taken = watched.take(from: height, limit: max(1, limit))
            let trusted = watchLive && ContinuousClock.now - lastWatchNews < Self.quietLimit
            return (taken, taken.isEmpty && trusted && highestKnown.map { height > $0 } == true)
        }
        if !remembered.isEmpty {
            return try remembered.enumerated().map { offset, bytes in try decode(bytes, at: height + UInt64(offset)) }
        }
        if nothingYet { return [] }
        let values = try client.range(from: key(height), to: EtcdWire.rangeEnd(ofPrefix: prefix), limit: max(1, limit))
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
        if let last = blocks.last?.height { condition.withLock { known(last) } }
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

    /// Under `condition`.
    private func known(_ height: UInt64) {
        highestKnown = max(highestKnown ?? height, height)
    }

    /// Each (re)connection first reads etcd's last block key and the
    /// revision of that read, then watches from the next revision: blocks
    /// up to that key are read by range, every later one arrives here.
    private func watchLoop() async {
        while !Task.isCancelled && !condition.withLock({ stopped }) {
            do {
                let (last, revision) = try client.lastKey(from: key(0), to: EtcdWire.rangeEnd(ofPrefix: prefix))
                guard revision > 0 else { throw LedgerError.unavailable("etcd answered without a revision") }
                condition.withLock {
                    if let last, let height = height(ofKey: last) { known(height) }
                    watchLive = true
                    lastWatchNews = .now
                }
                try await client.watch(prefix: prefix, fromRevision: revision + 1) { puts in
                    condition.withLock {
                        for put in puts {
                            guard let height = height(ofKey: put.key) else { continue }
                            watched.keep(put.value, at: height)
                            known(height)
                        }
                        lastWatchNews = .now
                    }
                    bump()
                }
            } catch {
                // Until the watch runs again, followers read every height from etcd.
                condition.withLock {
                    watchLive = false
                    watched.removeAll()
                }
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

    /// Waits until an offer, a read or the watch has shown a block at
    /// `height` or above, or `timeout` seconds pass.
    public func awaitBlock(at height: UInt64, timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while (highestKnown.map { $0 < height } ?? true) && !stopped {
            if !condition.wait(until: deadline) { break }
        }
        return highestKnown.map { $0 >= height } ?? false
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
