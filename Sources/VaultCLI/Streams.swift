import Foundation
import VaultSupport

/// Files named on the command line, where `-` means standard input (for
/// `--in`) or standard output (for `--out`), as in `openssl` and `tar`.
///
/// An input must be a readable, non-empty regular file (or a non-empty
/// standard input); a directory, a FIFO, a device or an empty file is
/// refused naming the path before any work starts. An output file is
/// written atomically and never replaces an existing one; secret outputs
/// (keys, identities) are refused when standard output is a terminal.
enum Streams {
    static let standard = "-"

    static func isStandard(_ path: String) -> Bool { path == standard }

    /// A name for messages: the path, or "standard input/output".
    static func name(_ path: String, output: Bool = false) -> String {
        isStandard(path) ? (output ? "standard output" : "standard input") : DisplayText.escaped(path)
    }

    /// Refuses an input path that cannot be read as a non-empty regular file.
    static func checkInput(_ path: String, what: String) throws {
        if isStandard(path) { return }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))"
            throw CommandFailure.refused("\(what) \(name(path)) \(reason)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw CommandFailure.refused("\(what) \(name(path)) is a directory, not a file")
        case S_IFIFO: throw CommandFailure.refused("\(what) \(name(path)) is a FIFO; pipe it into --in - instead")
        default: throw CommandFailure.refused("\(what) \(name(path)) is not a regular file")
        }
        guard access(path, R_OK) == 0 else {
            throw CommandFailure.refused("\(what) \(name(path)) cannot be read (\(String(cString: strerror(errno))))")
        }
        guard info.st_size > 0 else { throw CommandFailure.refused("\(what) \(name(path)) is empty") }
    }

    /// The whole input: the file, or everything on standard input.
    static func read(_ path: String, what: String) throws -> [UInt8] {
        try checkInput(path, what: what)
        let data: Data?
        if isStandard(path) {
            do { data = try FileHandle.standardInput.readToEnd() ?? Data() } catch {
                throw CommandFailure.refused("\(what) on standard input cannot be read: \(error.localizedDescription)")
            }
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw CommandFailure.refused("\(what) \(name(path)) cannot be read") }
        guard !data.isEmpty else { throw CommandFailure.refused("\(what) \(name(path)) is empty") }
        return [UInt8](data)
    }

    /// Refuses, before any work, an output that could not be written: an
    /// existing file, a missing directory, or a secret bound for a terminal.
    static func checkOutput(_ path: String, what: String, secret: Bool) throws {
        if isStandard(path) {
            if secret && isatty(STDOUT_FILENO) == 1 {
                throw CommandFailure.usage("refusing to print \(what) on a terminal; redirect standard output or give a file")
            }
            return
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw AtomicFile.Error.exists(path)
        }
        // A probe file shows a missing directory or a read-only one now.
        let probe = try AtomicFile.makeTemporary(besides: path, secret: true)
        try? probe.handle.close()
        unlink(probe.path)
    }

    /// Writes the output: the file atomically (never replacing one), or standard output.
    static func write(_ bytes: [UInt8], to path: String, secret: Bool) throws {
        if isStandard(path) {
            do { try FileHandle.standardOutput.write(contentsOf: Data(bytes)) } catch {
                throw CommandFailure.failed("cannot write to standard output: \(error.localizedDescription)")
            }
            return
        }
        try AtomicFile.write(bytes, to: path, secret: secret)
    }

    /// Prints a line about what was done: on standard output, unless that
    /// carries the command's data, then on standard error.
    static func status(_ line: String, dataOnStandardOutput: Bool) {
        if dataOnStandardOutput {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        } else {
            print(line)
        }
    }
}
