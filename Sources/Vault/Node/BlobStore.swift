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

/// A node's three stores: record blobs, escrows (secret) and record
/// metadata. `VaultNode` opens the files of its directory unless given
/// others (`BlobStorePostgres` makes all three in one database).
public struct NodeStores: Sendable {
    public var blobs: BlobStore
    public var escrows: BlobStore
    public var records: BlobStore

    public init(blobs: BlobStore, escrows: BlobStore, records: BlobStore) {
        self.blobs = blobs
        self.escrows = escrows
        self.records = records
    }

    /// The default: the directory's blobs/, escrow/ and records/ folders.
    public static func files(in directory: NodeDirectory) throws -> NodeStores {
        NodeStores(blobs: try FileBlobStore(directory: directory.blobs), escrows: try FileBlobStore(directory: directory.escrow),
                   records: try FileBlobStore(directory: directory.records))
    }
}
