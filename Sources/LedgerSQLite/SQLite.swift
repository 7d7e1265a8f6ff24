import CSQLite
import Foundation
import Ledger

/// SQLITE_TRANSIENT: SQLite copies bound bytes before the call returns. The C
/// macro is a cast of -1 that Swift cannot import.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A thin owner of one SQLite connection. Not thread-safe: each user keeps
/// its connection on one thread at a time (`Chain` serialises its calls).
final class SQLiteDatabase {
    private let handle: OpaquePointer
    let path: String

    enum Mode: Equatable {
        case readWrite, readWriteCreate
        /// `mode=ro`; `immutable` also tells SQLite that nothing changes the
        /// file, so it takes no lock and opens no -wal or -shm file
        /// (https://sqlite.org/uri.html#uriimmutable).
        case readOnly(immutable: Bool)
    }

    /// Runs after the connection has closed (read-only stores clean up there).
    var afterClose: (() -> Void)?

    init(path: String, mode: Mode) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX
        var name = path
        switch mode {
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly(let immutable):
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
            name = Self.fileURI(path) + "?mode=ro" + (immutable ? "&immutable=1" : "")
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(rc)"
            sqlite3_close(db)
            throw LedgerError.storage("cannot open \(path): \(message)")
        }
        self.handle = db
        self.path = path
        // Another process may hold the write lock for one block append; wait
        // for it rather than failing.
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit {
        sqlite3_close(handle)
        afterClose?()
    }

    /// A `file:` URI for a path (RFC 8089; https://sqlite.org/uri.html): an
    /// absolute path with every byte outside the unreserved set and `/`
    /// percent-encoded, so spaces, `?`, `#` and `%` in it stay part of the name.
    static func fileURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var out = "file:"
        for byte in absolute.utf8 {
            let plain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "~")
            out += plain ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return out
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw LedgerError.storage("\(text) (in: \(sql.prefix(80)))")
        }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else {
            throw LedgerError.storage("\(lastError) (preparing: \(sql.prefix(80)))")
        }
        return SQLiteStatement(statement, database: self)
    }

    /// Runs `body` in one write transaction, taken up front (BEGIN IMMEDIATE)
    /// so that two writers never both read the tip and then collide.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in one read transaction, so that multi-statement reads
    /// see one consistent snapshot while another process appends.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        // Already inside a transaction: that one gives the snapshot.
        if sqlite3_get_autocommit(handle) == 0 { return try body() }
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }
}

/// A prepared statement, reset before each use.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: SQLiteDatabase

    fileprivate init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    enum Value {
        case integer(Int64)
        case blob([UInt8])
        case text(String)
        case null
    }

    /// Binds `values` to ?1, ?2, … after a reset.
    @discardableResult
    func bind(_ values: [Value]) throws -> SQLiteStatement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), transient) }
            case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, transient)
            case .null: rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw LedgerError.storage("binding parameter \(index): \(database.lastError)") }
        }
        return self
    }

    /// Steps once; true when a row is available.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw LedgerError.storage(database.lastError)
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [Value] = []) throws {
        try forEachRow(values) { _ in }
    }

    /// Calls `row` for each result row.
    func forEachRow(_ values: [Value] = [], _ row: (SQLiteStatement) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try row(self) }
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let base = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    func text(_ column: Int32) -> String {
        guard let base = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: base)
    }
}
