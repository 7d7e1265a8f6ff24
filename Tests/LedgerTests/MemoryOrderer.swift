import Foundation
@testable import Ledger

/// A `BlockOrderer` in memory that keeps the contract etcd's
/// compare-and-swap gives `EtcdOrderer`: the first block offered at a height
/// stays there, and a later offer at that height gets it back. Nothing is
/// watched, so `awaitChange` returns at once.
final class MemoryOrderer: BlockOrderer, @unchecked Sendable {
    // @unchecked Sendable: every member is guarded by `lock`.
    private let lock = NSLock()
    private var ordered: [UInt64: StoredBlock] = [:]
    private var offered: [UInt64] = []

    /// A cluster that already holds `blocks` (another replica's, say).
    init(holding blocks: [StoredBlock] = []) {
        for block in blocks { ordered[block.height] = block }
    }

    /// The heights offered so far, in the order they were offered.
    var offeredHeights: [UInt64] { lock.withLock { offered } }

    func offer(_ block: StoredBlock) throws -> StoredBlock? {
        lock.withLock {
            offered.append(block.height)
            if let held = ordered[block.height] { return held }
            ordered[block.height] = block
            return nil
        }
    }

    func blocks(from height: UInt64, limit: Int) throws -> [StoredBlock] {
        lock.withLock {
            var found: [StoredBlock] = []
            var next = height
            while found.count < limit, let block = ordered[next] {
                found.append(block)
                next += 1
            }
            return found
        }
    }

    /// The hash of the highest block held, for checking a replica's tip.
    var tipHash: Digest32? {
        lock.withLock { ordered.keys.max().flatMap { ordered[$0] }.flatMap { try? Block(decoding: $0).hash } }
    }

    /// Nothing is watched: a block is known if it is held now or is put
    /// before `timeout` passes (polled).
    func awaitBlock(at height: UInt64, timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            if lock.withLock({ ordered.keys.contains { $0 >= height } }) { return true }
            if Date() >= deadline { return false }
            usleep(200)
        }
    }

    func startFollowing() {}
    func awaitChange(after seen: UInt64, timeout: Double) -> UInt64 { seen }
    func stop() {}
}
