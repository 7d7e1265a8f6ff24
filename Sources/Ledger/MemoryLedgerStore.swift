import Foundation

/// A `LedgerStore` in memory: for verifying blocks downloaded from a node
/// (nothing to write to disk) and for tests. It keeps the same contract as
/// the durable stores, the append at tip + 1 included, but loses everything
/// with the process.
public final class MemoryLedgerStore: LedgerStore, @unchecked Sendable {
    // @unchecked Sendable: every member is guarded by `lock`.
    private let lock = NSLock()
    private var stored: [StoredBlock] = []
    private var index: [IndexEntry] = []
    private var members: [String: MemberRecord] = [:]

    public init() {}

    public func tipHeight() throws -> UInt64? {
        lock.withLock { stored.isEmpty ? nil : UInt64(stored.count - 1) }
    }

    public func block(at height: UInt64) throws -> StoredBlock? {
        lock.withLock { height < stored.count ? stored[Int(height)] : nil }
    }

    public func blocks(from height: UInt64, limit: Int) throws -> [StoredBlock] {
        lock.withLock {
            guard height < stored.count, limit > 0 else { return [] }
            return Array(stored[Int(height)..<min(stored.count, Int(height) + limit)])
        }
    }

    public func append(_ commit: BlockCommit) throws {
        try lock.withLock {
            guard commit.block.height == UInt64(stored.count) else {
                throw LedgerError.conflict("block \(commit.block.height) does not follow the stored tip \(stored.count - 1)")
            }
            stored.append(commit.block)
            index += commit.index
            for record in commit.changedMembers { members[record.member.id] = record }
        }
    }

    public func entry(height: UInt64, position: Int) throws -> [UInt8]? {
        lock.withLock {
            guard height < stored.count, stored[Int(height)].entries.indices.contains(position) else { return nil }
            return stored[Int(height)].entries[position]
        }
    }

    public func memberRecords() throws -> [MemberRecord] {
        lock.withLock { members.values.sorted { $0.member.id < $1.member.id } }
    }

    public func locate(transaction id: Digest32) throws -> IndexEntry? {
        lock.withLock { index.first { $0.transactionID == id } }
    }

    public func query(_ q: IndexQuery) throws -> [IndexEntry] {
        let matching = lock.withLock {
            index.filter { e in
                (q.recordID.map { e.recordID == $0 } ?? true)
                    && (q.memberID.map { e.submitter == $0 || e.subject == $0 } ?? true)
                    && (q.since.map { e.time >= $0 } ?? true)
                    && (q.kinds.map { $0.contains(e.kind) } ?? true)
            }
        }
        guard let limit = q.limit else { return matching }
        return q.newest ? Array(matching.suffix(max(0, limit))) : Array(matching.prefix(max(0, limit)))
    }

    public func indexEntries(atHeight height: UInt64) throws -> [IndexEntry] {
        lock.withLock { index.filter { $0.height == height }.sorted { $0.position < $1.position } }
    }

    public func replaceViews(_ rebuild: (([IndexEntry]) throws -> Void) throws -> [MemberRecord]) throws {
        var rebuilt: [IndexEntry] = []
        let records = try rebuild { rebuilt += $0 }
        lock.withLock {
            index = rebuilt
            members = Dictionary(records.map { ($0.member.id, $0) }, uniquingKeysWith: { _, last in last })
        }
    }
}
