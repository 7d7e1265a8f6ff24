import Foundation
import Ledger

/// How a read-only store opens a WAL database without leaving a file
/// behind. SQLite keeps its write-ahead log (`-wal`) and its shared-memory
/// index (`-shm`) beside the database while any connection is open, and the
/// last connection to close deletes them, but only a read-write one: a
/// read-only connection that created them leaves them there
/// (https://sqlite.org/wal.html, "Read-Only Databases"), owned by whoever
/// ran the command, which can later stop the vault's owner from writing.
///
/// - A `-shm` file exists: a connection may be live; share it (`mode=ro`).
/// - No `-shm`, and the log is absent or empty: nobody has the database
///   open and the main file holds the whole chain. A snapshot (the file or
///   its folder has no write permission bit, or the file system is mounted
///   read-only) is opened `immutable`: no lock, no -wal, no -shm. A live,
///   writable vault is opened `mode=ro` (a writer may start meanwhile, and
///   immutable reads would not see its checkpoints), and the files SQLite
///   made are removed after closing, the way SQLite itself removes them: by
///   a read-write connection that closes last.
/// - No `-shm`, but a log with frames (a copy taken while a writer ran):
///   `mode=ro`, so the log is read; a snapshot's new `-shm` is deleted after
///   closing (no writer can have opened it), a live vault's as above.
struct ReadOnlyOpening {
    let mode: SQLiteDatabase.Mode
    /// What to do once the connection has closed.
    let cleanUp: (() -> Void)?

    init(path: String) {
        let fm = FileManager.default
        let wal = path + "-wal", shm = path + "-shm"
        let walExists = fm.fileExists(atPath: wal), shmExists = fm.fileExists(atPath: shm)
        if shmExists {
            mode = .readOnly(immutable: false); cleanUp = nil; return
        }
        let walBytes = ((try? fm.attributesOfItem(atPath: wal))?[.size] as? NSNumber)?.intValue ?? 0
        let snapshot = Self.isSnapshot(path)
        if walBytes == 0 && snapshot {
            mode = .readOnly(immutable: true); cleanUp = nil; return
        }
        mode = .readOnly(immutable: false)
        if snapshot {
            cleanUp = {
                if !walExists { unlink(wal) }
                unlink(shm)
            }
        } else {
            cleanUp = { Self.closeLast(path) }
        }
    }

    /// True when nobody is meant to write the database: neither it nor its
    /// folder has a write permission bit, or its file system is read-only.
    /// (Permission bits, not access(2): root may write anything, yet a
    /// `chmod -w` copy is still a snapshot.)
    static func isSnapshot(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        var fs = statvfs()
        if statvfs(path, &fs) == 0, fs.f_flag & UInt(ST_RDONLY) != 0 { return true }
        for item in [path, folder.isEmpty ? "." : folder] {
            var st = stat()
            if stat(item, &st) == 0, st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH) == 0 { return true }
        }
        return false
    }

    /// Opens and closes one read-write connection after a read: if it is the
    /// last connection, SQLite checkpoints the (empty) log and deletes -wal
    /// and -shm; if another is open, SQLite leaves them to it.
    static func closeLast(_ path: String) {
        guard let db = try? SQLiteDatabase(path: path, mode: .readWrite) else { return }
        try? db.execute("PRAGMA schema_version")
    }
}
