import CSQLite
import Foundation

/// Edits the chain's SQLite file directly, as an intruder with file access
/// would, so that the demo can show `chain verify` catching it: one byte of
/// the first transaction stored at `height` changes.
enum BehindTheBack {
    static func flipByteOfTransaction(chainPath: String, height: Int, offset: Int = 60) -> Bool {
        var db: OpaquePointer?
        guard sqlite3_open(chainPath, &db) == SQLITE_OK, let db else { return false }
        defer { sqlite3_close(db) }
        var read: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT data FROM entries WHERE height = ?1 AND position = 0", -1, &read, nil) == SQLITE_OK,
              let read else { return false }
        sqlite3_bind_int64(read, 1, Int64(height))
        guard sqlite3_step(read) == SQLITE_ROW, let base = sqlite3_column_blob(read, 0) else { sqlite3_finalize(read); return false }
        var data = [UInt8](UnsafeRawBufferPointer(start: base, count: Int(sqlite3_column_bytes(read, 0))))
        sqlite3_finalize(read)
        guard offset < data.count else { return false }
        data[offset] ^= 0x01
        var write: OpaquePointer?
        guard sqlite3_prepare_v2(db, "UPDATE entries SET data = ?1 WHERE height = ?2 AND position = 0", -1, &write, nil) == SQLITE_OK,
              let write else { return false }
        defer { sqlite3_finalize(write) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        _ = data.withUnsafeBytes { sqlite3_bind_blob(write, 1, $0.baseAddress, Int32($0.count), transient) }
        sqlite3_bind_int64(write, 2, Int64(height))
        return sqlite3_step(write) == SQLITE_DONE && sqlite3_changes(db) == 1
    }
}
