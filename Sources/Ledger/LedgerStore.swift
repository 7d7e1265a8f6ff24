/// Where the blocks live. Validation never depends on which store is used:
/// the ledger hands a store raw bytes it has already judged, and decodes and
/// re-judges whatever it reads back. The embedded default is
/// `SQLiteLedgerStore`; an etcd-ordered store can implement the same
/// protocol, with `append` as a compare-and-swap on the next height.
public protocol LedgerStore: AnyObject {
    /// Height of the last stored block; nil while the store is empty.
    func tipHeight() throws -> UInt64?

    func block(at height: UInt64) throws -> StoredBlock?

    /// Up to `limit` stored blocks with height ≥ `height`, in ascending order.
    /// Gaps are returned as they are; the verifier reports them.
    func blocks(from height: UInt64, limit: Int) throws -> [StoredBlock]

    /// Stores a block and its view rows atomically: all of it or nothing.
    /// Throws `LedgerError.conflict` unless the block's height is the stored
    /// tip + 1 (0 for an empty store), so two writers can never both append
    /// at one height.
    func append(_ commit: BlockCommit) throws

    /// The stored bytes of one transaction (one Merkle leaf of a block).
    func entry(height: UInt64, position: Int) throws -> [UInt8]?

    /// The member view as of the tip.
    func memberRecords() throws -> [MemberRecord]

    /// Where a transaction is, from the query view.
    func locate(transaction id: Digest32) throws -> IndexEntry?

    /// Index entries matching `query`, oldest first.
    func query(_ query: IndexQuery) throws -> [IndexEntry]

    /// The index entries of one block, by position (used to check the view).
    func indexEntries(atHeight height: UInt64) throws -> [IndexEntry]

    /// Replaces both views atomically with rows rebuilt from the blocks.
    /// `rebuild` passes each block's index entries to `emit` and returns the
    /// member records as of the tip. If it throws, the old views stay.
    func replaceViews(_ rebuild: (_ emit: ([IndexEntry]) throws -> Void) throws -> [MemberRecord]) throws
}

/// What one append writes: the block and the view rows derived from it.
public struct BlockCommit: Sendable {
    public let block: StoredBlock
    public let index: [IndexEntry]
    /// Member records that this block created or changed.
    public let changedMembers: [MemberRecord]
}

/// One row of the query view: where a transaction sits and what it concerns.
public struct IndexEntry: Sendable, Equatable {
    public let transactionID: Digest32
    public let height: UInt64
    public let position: Int
    public let kind: TransactionKind
    public let submitter: String
    public let recordID: String?
    /// The reader, key holder, or member added or removed.
    public let subject: String?
    public let time: UInt64

    public init(transactionID: Digest32, height: UInt64, position: Int, kind: TransactionKind,
                submitter: String, recordID: String?, subject: String?, time: UInt64) {
        self.transactionID = transactionID
        self.height = height
        self.position = position
        self.kind = kind
        self.submitter = submitter
        self.recordID = recordID
        self.subject = subject
        self.time = time
    }

    init(_ tx: SignedTransaction, height: UInt64, position: Int) {
        self.init(transactionID: tx.id, height: height, position: position, kind: tx.kind,
                  submitter: tx.body.submitter, recordID: tx.body.payload.recordID,
                  subject: tx.body.payload.subject, time: tx.body.time)
    }
}

/// A filter over the query view; all given conditions must hold.
public struct IndexQuery: Sendable, Equatable {
    public var recordID: String?
    /// Matches the submitter or the subject (reader, key holder, member changed).
    public var memberID: String?
    /// Transaction time at or after this many milliseconds since the epoch.
    public var since: UInt64?
    public var kinds: Set<TransactionKind>?
    public var limit: Int?
    /// Whether `limit` keeps the newest matches instead of the oldest
    /// (either way they come in chain order).
    public var newest: Bool

    public init(recordID: String? = nil, memberID: String? = nil, since: UInt64? = nil,
                kinds: Set<TransactionKind>? = nil, limit: Int? = nil, newest: Bool = false) {
        self.recordID = recordID
        self.memberID = memberID
        self.since = since
        self.kinds = kinds
        self.limit = limit
        self.newest = newest
    }

    /// The audit trail's rule for how many events: with a filter the first
    /// `limit` matches (default 1,000), without one the newest `limit`
    /// events (default 50); never more than 10,000. The node's `GET
    /// /v1/audit` and `vault audit` on a local replica both apply it.
    public mutating func limitForAudit(_ requested: Int?) {
        let unfiltered = recordID == nil && memberID == nil && since == nil && kinds == nil
        limit = min(requested ?? (unfiltered ? 50 : 1000), 10_000)
        newest = unfiltered
    }
}
