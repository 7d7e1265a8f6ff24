import Foundation
import VaultSupport

/// Where a node keeps bytes that are not on the chain: record blobs, escrows
/// and record metadata, each in its own namespace. Names are checked by the
/// caller (`StoreName`). Writes are atomic; a missing name reads as nil.
/// A written name is durable after `sync()`: the node syncs its stores once
/// per group commit, before the block that anchors their contents.
public protocol BlobStore: Sendable {
    func write(_ bytes: [UInt8], name: String, secret: Bool) throws
    /// Makes every name written so far durable.
    func sync() throws
    func read(_ name: String) throws -> [UInt8]?
    func delete(_ name: String) throws
    func names() throws -> [String]
}

/// The default: one file per name in a directory, written with `AtomicFile`.
public struct FileBlobStore: BlobStore {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch { throw VaultError.io("cannot create \(directory): \(error.localizedDescription)") }
    }

    func path(_ name: String) -> String { directory + "/" + name }

    public func write(_ bytes: [UInt8], name: String, secret: Bool) throws {
        // Content-addressed names may already exist with the same bytes.
        if FileManager.default.fileExists(atPath: path(name)) { return }
        do { try AtomicFile.write(bytes, to: path(name), secret: secret, syncDirectory: false) } catch { throw VaultError.io(error.description) }
    }

    public func sync() throws {
        do { try AtomicFile.syncDirectory(directory) } catch { throw VaultError.io(error.description) }
    }

    public func read(_ name: String) throws -> [UInt8]? {
        FileManager.default.contents(atPath: path(name)).map { [UInt8]($0) }
    }

    public func delete(_ name: String) throws {
        guard unlink(path(name)) == 0 || errno == ENOENT else {
            throw VaultError.io("cannot delete \(path(name)): \(String(cString: strerror(errno)))")
        }
    }

    public func names() throws -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}

/// Names that may become file names: record ids and hex digests, checked
/// before any path is built from them (no "/", "..", control characters).
public enum StoreName {
    public static func recordID(_ id: String) throws(NodeProblem) -> String {
        guard (1...128).contains(id.utf8.count), !id.hasPrefix("."),
              id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a)
                  || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
        else {
            throw .badRequest("bad-record-id", "record id \(DisplayText.escaped(String(id.prefix(80)))) may use only letters, digits, '-', '_' and '.', 1 to 128 of them, not starting with '.'")
        }
        return id
    }
}
