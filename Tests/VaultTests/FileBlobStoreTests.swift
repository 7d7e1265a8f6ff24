import Foundation
import Testing
@testable import Vault

/// The pack files of `FileBlobStore`: what survives reopening, a crash's
/// torn tail, erasure on disk, the import of the one-file-per-name layout.
@Suite struct FileBlobStoreTests {
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vault-packs-\(UUID().uuidString)").path
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var packs: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasPrefix("pack-") }.sorted() }
        func bytes(ofPack name: String) -> Data { FileManager.default.contents(atPath: path + "/" + name) ?? Data() }
    }

    /// Bytes of a xorshift stream (Marsaglia 2003) per seed: no two seeds
    /// share a run of bytes, so a search of a pack finds only its own.
    static func pattern(_ seed: UInt8, count: Int = 1100) -> [UInt8] {
        var state = (UInt64(seed) + 1) &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 32)
        }
    }

    @Test func whatWasWrittenIsReadBackAfterReopening() throws {
        let folder = Folder()
        do {
            let store = try FileBlobStore(directory: folder.path)
            for i in 0..<50 { try store.write(Self.pattern(UInt8(i)), name: "n\(i)", secret: true) }
            try store.delete("n7")
            try store.sync()
        }
        let reopened = try FileBlobStore(directory: folder.path)
        #expect(try reopened.names().count == 49)
        #expect(try reopened.read("n7") == nil)
        for i in 0..<50 where i != 7 { #expect(try reopened.read("n\(i)") == Self.pattern(UInt8(i))) }
        #expect(folder.packs == ["pack-000001"], "one pack: reopening a clean pack appends to it")
        try reopened.write([1], name: "after", secret: false)
        #expect(folder.packs == ["pack-000001"])
    }

    @Test func aTornTailLosesOnlyTheUnsyncedEntryAndIsNeverAppendedTo() throws {
        let folder = Folder()
        let synced = Self.pattern(1), torn = Self.pattern(2)
        do {
            let store = try FileBlobStore(directory: folder.path)
            try store.write(synced, name: "synced", secret: false)
            try store.sync()
            try store.write(torn, name: "torn", secret: false)
        }
        // The crash wrote the torn entry's header but only part of its data.
        let pack = folder.path + "/pack-000001"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: pack)[.size] as? Int)
        #expect(truncate(pack, off_t(size - 500)) == 0)
        let afterCrash = try FileBlobStore(directory: folder.path)
        #expect(try afterCrash.read("synced") == synced)
        #expect(try afterCrash.read("torn") == nil, "an entry longer than its pack is not indexed")
        try afterCrash.write(torn, name: "torn", secret: false)
        #expect(folder.packs == ["pack-000001", "pack-000002"], "appends after damage go to a new pack")
        try afterCrash.sync()
        let again = try FileBlobStore(directory: folder.path)
        #expect(try again.read("synced") == synced && again.read("torn") == torn)
    }

    @Test func anEntryWhoseDataWasTornIsWrittenAgainByTheNextPut() throws {
        let folder = Folder()
        let first = Self.pattern(3), second = Self.pattern(4)
        do {
            let store = try FileBlobStore(directory: folder.path)
            try store.write(first, name: "first", secret: false)
            try store.write(second, name: "second", secret: false)
            try store.sync()
        }
        // The header reached the disk, a page of the data did not.
        let location = try #require(try FileBlobStore(directory: folder.path, readOnly: true).location(of: "second"))
        let handle = try #require(FileHandle(forUpdatingAtPath: location.path))
        try handle.seek(toOffset: UInt64(location.offset + 100))
        try handle.write(contentsOf: Data(repeating: 0, count: 300))
        try handle.close()
        let store = try FileBlobStore(directory: folder.path)
        #expect(try store.read("first") == first)
        try store.write(second, name: "second", secret: false)
        #expect(try store.read("second") == second, "a name whose entry fails its checksum is appended again")
        #expect(folder.packs.count == 2)
        try store.sync()
        let reopened = try FileBlobStore(directory: folder.path)
        #expect(try reopened.read("second") == second, "the later entry of a name wins")
        // Erasing the name erases the damaged copy too.
        try reopened.delete("second")
        let partial = Data(second[0..<100])
        #expect(folder.packs.allSatisfy { folder.bytes(ofPack: $0).range(of: partial) == nil })
        #expect(try FileBlobStore(directory: folder.path).read("second") == nil)
    }

    @Test func deleteOverwritesTheBytesOnDisk() throws {
        let folder = Folder()
        let secret = Self.pattern(9, count: 4096), kept = Self.pattern(10)
        let store = try FileBlobStore(directory: folder.path)
        try store.write(secret, name: "secret", secret: true)
        try store.write(kept, name: "kept", secret: true)
        try store.sync()
        #expect(folder.bytes(ofPack: "pack-000001").range(of: Data(secret)) != nil)
        try store.delete("secret")
        #expect(folder.bytes(ofPack: "pack-000001").range(of: Data(secret.prefix(64))) == nil, "the erased bytes are zeros on disk")
        let reopened = try FileBlobStore(directory: folder.path)
        #expect(try reopened.names() == ["kept"] && reopened.read("kept") == kept)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: folder.path + "/pack-000001")[.posixPermissions] as? Int)
        #expect(mode == 0o600, "packs hold escrows: owner only")
    }

    @Test func aDirectoryOfOneFilePerNameIsImported() throws {
        let folder = Folder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        for i in 0..<5 { try Data(Self.pattern(UInt8(i))).write(to: URL(fileURLWithPath: folder.path + "/legacy\(i)")) }
        try Data([1]).write(to: URL(fileURLWithPath: folder.path + "/.legacy9.tmp-abcdef"))
        let store = try FileBlobStore(directory: folder.path)
        #expect(try store.names() == (0..<5).map { "legacy\($0)" })
        for i in 0..<5 { #expect(try store.read("legacy\(i)") == Self.pattern(UInt8(i))) }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == [".legacy9.tmp-abcdef", "pack-000001"], "old files removed once packed; a temporary file is left for doctor")
        #expect(try FileBlobStore(directory: folder.path).names().count == 5)
        // A crash after the pack was synced but before the files were removed: opening imports
        // them again, keeps one entry per name and removes the files.
        for i in 0..<5 { try Data(Self.pattern(UInt8(i))).write(to: URL(fileURLWithPath: folder.path + "/legacy\(i)")) }
        let before = folder.bytes(ofPack: "pack-000001").count
        let again = try FileBlobStore(directory: folder.path)
        #expect(try again.names() == (0..<5).map { "legacy\($0)" } && again.read("legacy3") == Self.pattern(3))
        #expect(folder.bytes(ofPack: "pack-000001").count == before, "names already packed are not appended twice")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".legacy9.tmp-abcdef", "pack-000001"])
    }

    @Test func fullPacksRollOverAndAllStayReadable() throws {
        let folder = Folder()
        do {
            let store = try FileBlobStore(directory: folder.path, maxPackBytes: 4000)
            for i in 0..<20 { try store.write(Self.pattern(UInt8(i)), name: "n\(i)", secret: false) }
            try store.sync()
        }
        #expect(folder.packs.count >= 7, "\(folder.packs)")
        let reopened = try FileBlobStore(directory: folder.path, maxPackBytes: 4000)
        for i in 0..<20 { #expect(try reopened.read("n\(i)") == Self.pattern(UInt8(i))) }
    }

    @Test func concurrentWritersLoseNothing() throws {
        let folder = Folder()
        let store = try FileBlobStore(directory: folder.path)
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<200 { try? store.write(Self.pattern(UInt8(t), count: 100 + i), name: "t\(t)-\(i)", secret: false) }
        }
        try store.sync()
        let reopened = try FileBlobStore(directory: folder.path)
        #expect(try reopened.names().count == 1600)
        for t in 0..<8 { for i in stride(from: 0, to: 200, by: 37) { #expect(try reopened.read("t\(t)-\(i)") == Self.pattern(UInt8(t), count: 100 + i)) } }
    }

    @Test func readOnlyStoresNeitherCreateNorWrite() throws {
        let folder = Folder()
        let store = try FileBlobStore(directory: folder.path, readOnly: true)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        #expect(throws: VaultError.self) { try store.write([1], name: "x", secret: false) }
        #expect(throws: VaultError.self) { try store.delete("x") }
    }
}
