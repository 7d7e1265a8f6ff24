import Foundation

/// Writes that either fully happen or leave the destination untouched:
/// write a temporary file beside it, fsync, then rename over (POSIX rename is
/// atomic within one file system), then fsync the directory.
///
/// With `syncDirectory: false` the new name is durable only once the caller
/// fsyncs the directory (`syncDirectory(of:)`): a store writing many files
/// before one commit point syncs the directory once for all of them.
public enum AtomicFile {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case exists(String)
        case io(String, String)
        /// The path names no file (empty, or ending in `/`).
        case notAFileName(String)
        /// The directory the file would go in does not exist.
        case missingDirectory(path: String, directory: String)
        public var description: String {
            switch self {
            case let .exists(path): "\(path) already exists; refusing to overwrite it (move it away or choose another path)"
            case let .io(path, problem): "\(path): \(problem)"
            case let .notAFileName(path): "'\(path)' does not name a file (it is empty or ends in /)"
            case let .missingDirectory(path, directory): "cannot write \(path): the directory \(directory) does not exist"
            }
        }
    }

    /// Writes `bytes` to `path`. `secret` files get mode 0600 from the start.
    public static func write(_ bytes: [UInt8], to path: String, secret: Bool = false, overwrite: Bool = false,
                             syncDirectory: Bool = true) throws(Error) {
        let temporary = try makeTemporary(besides: path, secret: secret)
        do {
            try temporary.handle.write(contentsOf: Data(bytes))
        } catch {
            try? temporary.handle.close(); unlink(temporary.path)
            throw .io(path, "\(error.localizedDescription)")
        }
        try commit(temporary, to: path, overwrite: overwrite, syncDirectory: syncDirectory)
    }

    /// A temporary file beside its destination, for streamed writes: write
    /// to `handle`, then `commit` (or unlink `path` to give up).
    public struct Temporary { public let path: String; public let handle: FileHandle }

    public static func makeTemporary(besides path: String, secret: Bool) throws(Error) -> Temporary {
        let (directory, name) = try split(path)
        let template = directory + "/." + name + ".tmp-XXXXXX"
        var buffer = Array(template.utf8CString)
        let fd = buffer.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missingDirectory(path: path, directory: directory) }
            throw .io(path, "cannot create a temporary file: \(String(cString: strerror(code)))")
        }
        fchmod(fd, secret ? 0o600 : 0o644)
        let temporaryPath = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Temporary(path: temporaryPath, handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    public static func commit(_ temporary: Temporary, to path: String, overwrite: Bool, syncDirectory: Bool = true) throws(Error) {
        defer { try? temporary.handle.close() }
        guard fsync(temporary.handle.fileDescriptor) == 0 else {
            unlink(temporary.path); throw .io(path, "fsync failed: \(String(cString: strerror(errno)))")
        }
        if overwrite {
            guard rename(temporary.path, path) == 0 else {
                let reason = String(cString: strerror(errno)); unlink(temporary.path); throw .io(path, "rename failed: \(reason)")
            }
        } else {
            // link() fails if the destination exists, so nothing is ever replaced.
            guard link(temporary.path, path) == 0 else {
                let code = errno; unlink(temporary.path)
                if code == EEXIST { throw .exists(path) }
                throw .io(path, "cannot create: \(String(cString: strerror(code)))")
            }
            unlink(temporary.path)
        }
        if syncDirectory { try Self.syncDirectory((try? split(path))?.directory ?? ".") }
    }

    /// Makes the names created in `directory` durable (fsync of the directory).
    public static func syncDirectory(_ directory: String) throws(Error) {
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY)
        guard dirfd >= 0 else { throw .io(directory, "cannot open the directory: \(String(cString: strerror(errno)))") }
        defer { close(dirfd) }
        guard fsync(dirfd) == 0 else { throw .io(directory, "fsync failed: \(String(cString: strerror(errno)))") }
    }

    /// The directory and file name of `path`, split at its last `/`.
    /// Done by hand: Foundation's NSString path methods on Linux trap on
    /// one-character paths (`--out x` ended in SIGILL, issue 12).
    static func split(_ path: String) throws(Error) -> (directory: String, name: String) {
        let bytes = Array(path.utf8)
        let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
        let name = String(decoding: bytes[(slash.map { $0 + 1 } ?? 0)...], as: UTF8.self)
        guard !name.isEmpty, name != ".", name != ".." else { throw .notAFileName(path) }
        guard let slash else { return (".", name) }
        return (slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self), name)
    }
}
