import Foundation
import Ledger

/// The embedded store: one SQLite file. The `blocks` and `entries` tables
/// are the chain; `tx_index` and `members` are views derived from it,
/// written in the same transaction as each block and rebuildable at any time.
/// WAL with synchronous=FULL: a crash or power cut loses at most the block
/// being appended, never part of one.
public final class SQLiteLedgerStore: LedgerStore {
    let db: SQLiteDatabase
    public var path: String { db.path }

    static let schemaVersion: Int64 = 1

    public enum OpenMode: Sendable {
        /// The file must exist and hold a chain store.
        case existing
        /// Create the file if needed (for `vault chain init`).
        case createIfMissing
        /// The file must exist; opened read-only and leaving no file behind
        /// (`ReadOnlyOpening`), for commands that only read the chain, so
        /// that a read-only snapshot can be verified and audited.
        case readOnly
    }

    public init(path: String, mode: OpenMode) throws {
        if mode != .createIfMissing, !FileManager.default.fileExists(atPath: path) {
            throw LedgerError.notFound("no chain at \(path) (create one with `vault chain init`)")
        }
        if mode == .readOnly {
            let opening = ReadOnlyOpening(path: path)
            db = try SQLiteDatabase(path: path, mode: opening.mode)
            db.afterClose = opening.cleanUp
            try checkSchema()
            return
        }
        db = try SQLiteDatabase(path: path, mode: mode == .existing ? .readWrite : .readWriteCreate)
        try db.execute("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA synchronous=FULL")
        try db.writeTransaction { try createSchema() }
    }

    /// A read-only store cannot create its schema: it must find this build's.
    private func checkSchema() throws {
        var stored: Int64?
        do {
            try db.prepare("SELECT value FROM meta WHERE key = 'schema'").forEachRow { stored = $0.int64(0) }
        } catch {
            throw LedgerError.storage("\(path) holds no chain store: \(error)")
        }
        guard stored == Self.schemaVersion else {
            throw LedgerError.storage("\(path) has chain schema \(stored.map(String.init) ?? "none"); this build reads schema \(Self.schemaVersion)")
        }
    }

    private func createSchema() throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS blocks(
                height INTEGER PRIMARY KEY, header BLOB NOT NULL, seal BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS entries(
                height INTEGER NOT NULL, position INTEGER NOT NULL, data BLOB NOT NULL,
                PRIMARY KEY(height, position)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS tx_index(
                tx_id BLOB NOT NULL UNIQUE, height INTEGER NOT NULL, position INTEGER NOT NULL,
                kind INTEGER NOT NULL, submitter TEXT NOT NULL, record_id TEXT, subject TEXT,
                time INTEGER NOT NULL);
            -- A record's transactions in chain order. The ORDER BY of every
            -- record query is in the index: with (record_id, time) the planner
            -- preferred tx_by_kind and read every anchor of the chain to find
            -- a record's first one, once per put. tx_by_record was that index.
            DROP INDEX IF EXISTS tx_by_record;
            CREATE INDEX IF NOT EXISTS tx_by_record_order ON tx_index(record_id, height, position) WHERE record_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS tx_by_submitter ON tx_index(submitter, time);
            CREATE INDEX IF NOT EXISTS tx_by_subject ON tx_index(subject, time) WHERE subject IS NOT NULL;
            CREATE INDEX IF NOT EXISTS tx_by_time ON tx_index(time);
            CREATE INDEX IF NOT EXISTS tx_by_kind ON tx_index(kind, time);
            CREATE INDEX IF NOT EXISTS tx_by_height ON tx_index(height, position);
            CREATE TABLE IF NOT EXISTS members(
                id TEXT PRIMARY KEY, organisation TEXT NOT NULL, roles INTEGER NOT NULL,
                public_key BLOB NOT NULL, added_at INTEGER NOT NULL, removed_at INTEGER,
                last_nonce INTEGER);
            """)
        let version = try db.prepare("SELECT value FROM meta WHERE key = 'schema'")
        var stored: Int64?
        try version.forEachRow { stored = $0.int64(0) }
        if let stored, stored != Self.schemaVersion {
            throw LedgerError.storage("\(path) has chain schema \(stored); this build reads schema \(Self.schemaVersion)")
        }
        if stored == nil {
            try db.prepare("INSERT INTO meta(key, value) VALUES('schema', ?1)").run([.integer(Self.schemaVersion)])
        }
    }

    // MARK: Reading blocks

    public func tipHeight() throws -> UInt64? {
        var tip: UInt64?
        try prepared("SELECT MAX(height) FROM blocks").forEachRow { row in
            if !row.isNull(0) { tip = UInt64(bitPattern: row.int64(0)) }
        }
        return tip
    }

    public func block(at height: UInt64) throws -> StoredBlock? {
        try blocks(from: height, limit: 1).first { $0.height == height }
    }

    public func blocks(from height: UInt64, limit: Int) throws -> [StoredBlock] {
        try db.readTransaction {
            var headers: [(height: UInt64, header: [UInt8], seal: [UInt8])] = []
            try prepared("SELECT height, header, seal FROM blocks WHERE height >= ?1 ORDER BY height LIMIT ?2")
                .forEachRow([.integer(Int64(bitPattern: height)), .integer(Int64(limit))]) { row in
                    headers.append((UInt64(bitPattern: row.int64(0)), row.blob(1), row.blob(2)))
                }
            guard let first = headers.first, let last = headers.last else { return [] }
            var entries: [UInt64: [[UInt8]]] = [:]
            try prepared("SELECT height, data FROM entries WHERE height BETWEEN ?1 AND ?2 ORDER BY height, position")
                .forEachRow([.integer(Int64(bitPattern: first.height)), .integer(Int64(bitPattern: last.height))]) { row in
                    entries[UInt64(bitPattern: row.int64(0)), default: []].append(row.blob(1))
                }
            return headers.map {
                StoredBlock(height: $0.height, header: $0.header, seal: $0.seal, entries: entries[$0.height] ?? [])
            }
        }
    }

    public func entry(height: UInt64, position: Int) throws -> [UInt8]? {
        var data: [UInt8]?
        try prepared("SELECT data FROM entries WHERE height = ?1 AND position = ?2")
            .forEachRow([.integer(Int64(bitPattern: height)), .integer(Int64(position))]) { data = $0.blob(0) }
        return data
    }

    // MARK: Appending

    public func append(_ commit: BlockCommit) throws {
        let block = commit.block
        try db.writeTransaction {
            let tip = try tipHeight()
            let expected = tip.map { $0 + 1 } ?? 0
            guard block.height == expected else {
                throw LedgerError.conflict("block \(block.height) cannot be appended: the next height in \(path) is \(expected)")
            }
            try prepared("INSERT INTO blocks(height, header, seal) VALUES(?1, ?2, ?3)")
                .run([.integer(Int64(bitPattern: block.height)), .blob(block.header), .blob(block.seal)])
            let insertEntry = try prepared("INSERT INTO entries(height, position, data) VALUES(?1, ?2, ?3)")
            for (position, data) in block.entries.enumerated() {
                try insertEntry.run([.integer(Int64(bitPattern: block.height)), .integer(Int64(position)), .blob(data)])
            }
            try insertIndex(commit.index)
            try upsertMembers(commit.changedMembers)
        }
    }

    private func insertIndex(_ index: [IndexEntry]) throws {
        let insert = try prepared("""
            INSERT INTO tx_index(tx_id, height, position, kind, submitter, record_id, subject, time)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        for e in index {
            try insert.run([.blob(e.transactionID.bytes), .integer(Int64(bitPattern: e.height)),
                            .integer(Int64(e.position)), .integer(Int64(e.kind.rawValue)), .text(e.submitter),
                            e.recordID.map { .text($0) } ?? .null, e.subject.map { .text($0) } ?? .null,
                            .integer(Int64(bitPattern: e.time))])
        }
    }

    private func upsertMembers(_ records: [MemberRecord]) throws {
        let upsert = try prepared("""
            INSERT OR REPLACE INTO members(id, organisation, roles, public_key, added_at, removed_at, last_nonce)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        for r in records {
            try upsert.run([.text(r.member.id), .text(r.member.organisation),
                            .integer(Int64(Role.mask(r.member.roles))), .blob(r.member.publicKey.rawBytes),
                            .integer(Int64(bitPattern: r.addedAt)),
                            r.removedAt.map { .integer(Int64(bitPattern: $0)) } ?? .null,
                            r.lastNonce.map { .integer(Int64(bitPattern: $0)) } ?? .null])
        }
    }

    // MARK: Views

    public func memberRecords() throws -> [MemberRecord] {
        var records: [MemberRecord] = []
        try prepared("SELECT id, organisation, roles, public_key, added_at, removed_at, last_nonce FROM members ORDER BY id")
            .forEachRow { row in
                let member = try Member(id: row.text(0), organisation: row.text(1),
                                        roles: Role.roles(fromMask: UInt8(truncatingIfNeeded: row.int64(2))),
                                        publicKey: PublicKey(rawBytes: row.blob(3)))
                records.append(MemberRecord(
                    member: member, addedAt: UInt64(bitPattern: row.int64(4)),
                    removedAt: row.isNull(5) ? nil : UInt64(bitPattern: row.int64(5)),
                    lastNonce: row.isNull(6) ? nil : UInt64(bitPattern: row.int64(6))))
            }
        return records
    }

    private static let indexColumns = "tx_id, height, position, kind, submitter, record_id, subject, time"

    private func indexEntry(_ row: SQLiteStatement) throws -> IndexEntry {
        guard let id = Digest32(bytes: row.blob(0)),
              let kind = TransactionKind(rawValue: UInt8(truncatingIfNeeded: row.int64(3))) else {
            throw LedgerError.storage("a row of the transaction index is damaged; run `vault chain reindex`")
        }
        return IndexEntry(transactionID: id, height: UInt64(bitPattern: row.int64(1)), position: Int(row.int64(2)),
                          kind: kind, submitter: row.text(4), recordID: row.isNull(5) ? nil : row.text(5),
                          subject: row.isNull(6) ? nil : row.text(6), time: UInt64(bitPattern: row.int64(7)))
    }

    public func locate(transaction id: Digest32) throws -> IndexEntry? {
        var found: IndexEntry?
        try prepared("SELECT \(Self.indexColumns) FROM tx_index WHERE tx_id = ?1")
            .forEachRow([.blob(id.bytes)]) { found = try indexEntry($0) }
        return found
    }

    public func indexEntries(atHeight height: UInt64) throws -> [IndexEntry] {
        var entries: [IndexEntry] = []
        try prepared("SELECT \(Self.indexColumns) FROM tx_index WHERE height = ?1 ORDER BY position")
            .forEachRow([.integer(Int64(bitPattern: height))]) { entries.append(try indexEntry($0)) }
        return entries
    }

    public func query(_ q: IndexQuery) throws -> [IndexEntry] {
        let (sql, values) = Self.sql(for: q)
        var entries: [IndexEntry] = []
        try prepared(sql).forEachRow(values) { entries.append(try indexEntry($0)) }
        return entries
    }

    /// SQLite's plan for `q`, one line per step (`EXPLAIN QUERY PLAN`): the
    /// tests check that record queries search an index instead of scanning.
    func queryPlan(_ q: IndexQuery) throws -> [String] {
        let (sql, values) = Self.sql(for: q)
        var steps: [String] = []
        try db.prepare("EXPLAIN QUERY PLAN " + sql).forEachRow(values) { steps.append($0.text(3)) }
        return steps
    }

    static func sql(for q: IndexQuery) -> (String, [SQLiteStatement.Value]) {
        var conditions: [String] = []
        var values: [SQLiteStatement.Value] = []
        func parameter(_ v: SQLiteStatement.Value) -> String {
            values.append(v)
            return "?\(values.count)"
        }
        if let record = q.recordID { conditions.append("record_id = \(parameter(.text(record)))") }
        if let member = q.memberID {
            let p = parameter(.text(member))
            conditions.append("(submitter = \(p) OR subject = \(p))")
        }
        if let since = q.since { conditions.append("time >= \(parameter(.integer(Int64(bitPattern: since))))") }
        if let kinds = q.kinds {
            conditions.append("kind IN (\(kinds.map { parameter(.integer(Int64($0.rawValue))) }.joined(separator: ", ")))")
        }
        var sql = "SELECT \(Self.indexColumns) FROM tx_index"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if let limit = q.limit, q.newest {
            sql += " ORDER BY height DESC, position DESC LIMIT \(parameter(.integer(Int64(limit))))"
            sql = "SELECT * FROM (\(sql)) ORDER BY height, position"
        } else {
            sql += " ORDER BY height, position"
            if let limit = q.limit { sql += " LIMIT \(parameter(.integer(Int64(limit))))" }
        }
        return (sql, values)
    }

    public func replaceViews(_ rebuild: (([IndexEntry]) throws -> Void) throws -> [MemberRecord]) throws {
        try db.writeTransaction {
            try db.execute("DELETE FROM tx_index; DELETE FROM members;")
            let members = try rebuild { try insertIndex($0) }
            try upsertMembers(members)
        }
    }

    // MARK: Maintenance

    /// Folds the write-ahead log into the main file, so the file's size is
    /// the chain's size (used by the benchmark's bytes-per-anchor figure).
    public func checkpoint() throws {
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    private var statements: [String: SQLiteStatement] = [:]

    /// Statements on the hot path are prepared once per connection.
    private func prepared(_ sql: String) throws -> SQLiteStatement {
        if let s = statements[sql] { return s }
        let s = try db.prepare(sql)
        statements[sql] = s
        return s
    }
}

extension Chain {
    /// Opens (or, with `create`, prepares) the SQLite store `chain.sqlite` in `directory`.
    public static func sqliteStore(in directory: DataDirectory, create: Bool = false) throws -> SQLiteLedgerStore {
        if create { try directory.createIfMissing() }
        return try SQLiteLedgerStore(path: directory.chainPath, mode: create ? .createIfMissing : .existing)
    }

    /// Opens `chain.sqlite` in `directory` read-only, for commands that only
    /// read (verify, audit, show, members, prove): it works on a read-only
    /// snapshot and leaves no -wal or -shm file behind.
    public static func readOnlySQLiteStore(in directory: DataDirectory) throws -> SQLiteLedgerStore {
        try SQLiteLedgerStore(path: directory.chainPath, mode: .readOnly)
    }
}
