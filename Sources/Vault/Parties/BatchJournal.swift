import Foundation
import VaultSupport

/// The provider's journal of one folder's batch (`vault record put --dir`),
/// so that an interrupted batch can be run again without storing a file twice.
///
/// It lives in the provider's own folder, `batches/<digest of the folder's
/// real path>.tsv`, one line per step, each written and fsynced before the
/// step it announces is trusted: `pending ID SHA256 NAME` before a file is
/// put under the id ID, `done ID SHA256 NAME` once its anchor is on the
/// chain. A file is the same file when both its name and the SHA-256 of
/// its bytes match. A `pending` without its `done` (a kill between the two)
/// is settled by asking the node whether ID was anchored.
public final class BatchJournal {
    public enum State: Equatable, Sendable {
        case done(recordID: String)
        case pending(recordID: String)
    }

    public let path: String
    private var states: [String: State] = [:]
    private let handle: FileHandle

    /// Opens (or starts) the journal of `directory` in the provider's `folder`.
    public init(folder: PartyFolder, directory: String) throws {
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL.path
        let name = Hex.encode(Digest.sha256(Array(real.utf8)).prefix(16))
        let batches = folder.root + "/batches"
        try? FileManager.default.createDirectory(atPath: batches, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        path = batches + "/" + name + ".tsv"
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw VaultError.io("cannot create the batch journal \(path)")
            }
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw VaultError.io("cannot open the batch journal \(path)") }
        self.handle = handle
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        // A line cut short by a kill has no newline and is ignored.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { continue }
            let key = Self.key(name: fields[3], sha256: fields[2])
            switch fields[0] {
            case "pending": if states[key] == nil { states[key] = .pending(recordID: fields[1]) }
            case "done": states[key] = .done(recordID: fields[1])
            default: continue
            }
        }
        try handle.seekToEnd()
        // End a line cut short, so the next one starts on its own.
        if !text.isEmpty && !text.hasSuffix("\n") { try append() }
    }

    deinit { try? handle.close() }

    public func state(name: String, sha256: String) -> State? { states[Self.key(name: name, sha256: sha256)] }

    public func markPending(recordID: String, name: String, sha256: String) throws {
        try append("pending", recordID, sha256, name)
        states[Self.key(name: name, sha256: sha256)] = .pending(recordID: recordID)
    }

    public func markDone(recordID: String, name: String, sha256: String) throws {
        try append("done", recordID, sha256, name)
        states[Self.key(name: name, sha256: sha256)] = .done(recordID: recordID)
    }

    /// Appends one line of `fields` (none: just a newline) and fsyncs it.
    private func append(_ fields: String...) throws {
        // Names with tabs or newlines would break the line format; their
        // escaped form is as unique.
        let line = fields.map { $0.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n") }
            .joined(separator: "\t") + "\n"
        do {
            try handle.write(contentsOf: Data(line.utf8))
            try handle.synchronize()
        } catch { throw VaultError.io("cannot write the batch journal \(path): \(error.localizedDescription)") }
    }

    private static func key(name: String, sha256: String) -> String {
        name.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n") + "\t" + sha256
    }
}
