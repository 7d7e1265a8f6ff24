import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that never leave a half-written file: write a temporary
/// file in the same directory, fsync it, move it into place, fsync the
/// directory. A crash leaves either the old file or the new one.
public enum AtomicFile {
    /// Writes `data` to `path` with permission `mode` (e.g. 0o600 for secret
    /// keys). Without `overwrite`, an existing file is left untouched and an
    /// error is thrown.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644, overwrite: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-" + Hex.encode(try SecureRandom.bytes(6))
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create a temporary file in \(directory)") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            // The umask may have narrowed the mode; secret key files must be exactly `mode`.
            guard fchmod(fd, mode) == 0 else { throw failure("cannot set the mode of \(temporary)") }
            try data.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let n = posixWrite(fd, base + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw failure("cannot write \(temporary)") }
                    offset += n
                }
            }
            guard fsync(fd) == 0 else { throw failure("cannot flush \(temporary) to disk") }
            closed = true
            guard close(fd) == 0 else { throw failure("cannot close \(temporary)") }
            if overwrite {
                guard rename(temporary, path) == 0 else { throw failure("cannot move the new file to \(path)") }
            } else {
                // link() fails if the target exists, so an existing file is never replaced.
                guard link(temporary, path) == 0 else {
                    throw errno == EEXIST ? LedgerError.conflict("\(path) already exists; it was left untouched")
                                          : failure("cannot create \(path)")
                }
                unlink(temporary)
            }
        } catch {
            unlink(temporary)
            throw error
        }
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    private static func failure(_ what: String) -> LedgerError {
        .storage("\(what): \(String(cString: strerror(errno)))")
    }
}

/// POSIX write(2), named apart from `AtomicFile.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
