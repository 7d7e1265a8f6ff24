import Foundation
import Ledger
import VaultSupport

/// The default store: every name appended as one `PackEntry` to pack files
/// (`pack-000001`, …) in a directory, with an index in memory rebuilt from
/// the packs when the store opens.
///
/// Why packs and not one file per name: a file costs an inode, and on
/// ext4 without a journal creating inodes under 32 concurrent puts took
/// most of a put's CPU (the allocator skips recently freed inodes one by
/// one; docs/NODE.md has the profile).
/// Appending to a log and syncing it once per group commit is the design of
/// Haystack (Beaver et al., OSDI 2010, §3.4): no per-object metadata on the
/// file system, one write per object, one flush per batch.
///
/// - Writes append under a lock; a name already present is kept (names are
///   content-addressed or written once) and the write is a no-op.
/// - `sync()` fdatasyncs each pack appended to since the last sync, and the
///   directory when a pack was created. Nothing written is durable before.
/// - A crash can leave torn entries at the end of the newest pack; they
///   were never synced, so never anchored. A write of a name whose entry
///   fails its checksum appends the name again. Reads return the bytes as
///   stored: callers check them (blobs against their anchor's hash, escrows
///   by HPKE), as they would a damaged file. Opening reads a pack up to its
///   first header that does not parse, and appends go to a new pack when
///   the newest one has any damage, so nothing on disk is overwritten or
///   truncated.
/// - `delete` marks the entry erased and overwrites its bytes with zeros in
///   place, then syncs: the bytes are gone from the pack, not just unnamed.
///   Their space is not reused (no compaction).
/// - A directory written by an earlier version (one file per name) is
///   imported into a pack on opening, synced, and the old files removed.
///
/// One process at a time writes a directory (the node holds `node.lock`);
/// `readOnly` opens it for looking only, as the demo does to show what an
/// attacker with the node's disk would see.
public final class FileBlobStore: BlobStore, @unchecked Sendable {
    // @unchecked Sendable: every mutable property is guarded by `lock`.
    public let directory: String
    public let readOnly: Bool
    /// A pack that reaches this size is closed to appends and a new one begun.
    let maxPackBytes: Int

    struct Location {
        let pack: Int
        let offset: Int
        let nameLength: Int
        let dataLength: Int
        var dataOffset: Int { offset + PackEntry.headerSize + nameLength }
        var size: Int { PackEntry.headerSize + nameLength + dataLength }
    }

    private let lock = NSLock()
    private var index: [String: Location] = [:]
    /// Older, damaged entries of names written again: erased with the name.
    private var superseded: [String: [Location]] = [:]
    private var descriptors: [Int: Int32] = [:]
    /// The pack appends go to and its length; nil until the first append.
    private var active: (pack: Int, end: Int)?
    private var nextPack = 1
    private var unsyncedPacks: Set<Int> = []
    private var unsyncedDirectory = false

    public init(directory: String, readOnly: Bool = false, maxPackBytes: Int = 256 << 20) throws {
        self.directory = directory
        self.readOnly = readOnly
        self.maxPackBytes = maxPackBytes
        if !readOnly {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch { throw VaultError.io("cannot create \(directory): \(error.localizedDescription)") }
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let packs = entries.compactMap(Self.packNumber).sorted()
        for (i, pack) in packs.enumerated() {
            try open(pack: pack, newest: i == packs.count - 1)
        }
        nextPack = (packs.last ?? 0) + 1
        if !readOnly {
            try importSingleFiles(entries.filter { !$0.hasPrefix(".") && Self.packNumber($0) == nil })
        }
    }

    deinit {
        for fd in descriptors.values { close(fd) }
    }

    /// `pack-000042` → 42.
    static func packNumber(_ name: String) -> Int? {
        guard name.hasPrefix("pack-"), name.utf8.count == 11, let n = Int(name.dropFirst(5)), n > 0 else { return nil }
        return n
    }

    func path(ofPack pack: Int) -> String {
        directory + "/pack-" + String(repeating: "0", count: max(0, 6 - String(pack).count)) + String(pack)
    }

    // MARK: - The protocol

    public func write(_ bytes: [UInt8], name: String, secret: Bool) throws {
        guard !readOnly else { throw VaultError.io("\(directory) is open read-only") }
        let nameBytes = Array(name.utf8)
        guard (1...255).contains(nameBytes.count), !name.contains("/") else {
            throw VaultError.io("cannot store \(DisplayText.escaped(name)) in \(directory): a name has 1 to 255 bytes and no '/'")
        }
        let entry = PackEntry.encode(name: nameBytes, data: bytes)
        try lock.withLock {
            if let existing = index[name] {
                if try data(at: existing) != nil { return }
                superseded[name, default: []].append(existing)
            }
            let (pack, offset) = try appendPosition(for: entry.count)
            // A failed write leaves `active.end` where it was, so the next
            // append overwrites whatever part of this one reached the file.
            try Self.writeAll(entry, to: descriptors[pack]!, at: offset, path: path(ofPack: pack))
            active = (pack, offset + entry.count)
            unsyncedPacks.insert(pack)
            index[name] = Location(pack: pack, offset: offset, nameLength: nameBytes.count, dataLength: bytes.count)
        }
    }

    public func sync() throws {
        let (packs, directoryToo) = lock.withLock { () -> ([(Int, Int32)], Bool) in
            defer { unsyncedPacks.removeAll(); unsyncedDirectory = false }
            return (unsyncedPacks.map { ($0, descriptors[$0]!) }, unsyncedDirectory)
        }
        for (pack, fd) in packs where fdatasync(fd) != 0 {
            let reason = String(cString: strerror(errno))
            lock.withLock { unsyncedPacks.formUnion(packs.map(\.0)); unsyncedDirectory = unsyncedDirectory || directoryToo }
            throw VaultError.io("cannot sync \(path(ofPack: pack)): \(reason)")
        }
        if directoryToo {
            do { try AtomicFile.syncDirectory(directory) } catch {
                lock.withLock { unsyncedDirectory = true }
                throw VaultError.io(error.description)
            }
        }
    }

    public func read(_ name: String) throws -> [UInt8]? {
        try lock.withLock {
            guard let location = index[name] else { return nil }
            return try Self.readExactly(location.dataLength, from: descriptors[location.pack]!, at: location.dataOffset,
                                        path: path(ofPack: location.pack))
        }
    }

    /// Where the bytes of `name` lie on disk: the pack's path, the offset of
    /// the data in it and its length. For tools and tests that alter or
    /// inspect the disk as an attacker would.
    public func location(of name: String) -> (path: String, offset: Int, length: Int)? {
        lock.withLock { index[name].map { (path(ofPack: $0.pack), $0.dataOffset, $0.dataLength) } }
    }

    /// Whether any pack file, read raw from the disk, holds `bytes`: how the
    /// demo and the tests show that an erased record's bytes are gone.
    public func packsContain(_ bytes: [UInt8]) -> Bool {
        let packs = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { Self.packNumber($0) != nil }
        return packs.contains { FileManager.default.contents(atPath: directory + "/" + $0)?.range(of: Data(bytes)) != nil }
    }

    public func delete(_ name: String) throws {
        guard !readOnly else { throw VaultError.io("\(directory) is open read-only") }
        try lock.withLock {
            guard let current = index[name] else { return }
            for location in (superseded[name] ?? []) + [current] {
                let fd = descriptors[location.pack]!, packPath = path(ofPack: location.pack)
                try Self.writeAll([PackEntry.erased], to: fd, at: location.offset + PackEntry.stateOffset, path: packPath)
                try Self.writeAll([UInt8](repeating: 0, count: location.dataLength), to: fd, at: location.dataOffset, path: packPath)
                guard fdatasync(fd) == 0 else { throw VaultError.io("cannot sync \(packPath): \(String(cString: strerror(errno)))") }
            }
            index[name] = nil
            superseded[name] = nil
        }
    }

    public func names() throws -> [String] {
        lock.withLock { index.keys.sorted() }
    }

    // MARK: - Packs

    /// The data of the entry at `location` if it is live and intact (`PackEntry.liveData`).
    private func data(at location: Location) throws -> [UInt8]? {
        PackEntry.liveData(try Self.readExactly(location.size, from: descriptors[location.pack]!, at: location.offset,
                                                path: path(ofPack: location.pack)), nameLength: location.nameLength)
    }

    /// Reads the entries of one pack into the index, up to its first header
    /// that does not parse. In the newest pack every live entry's checksum is
    /// also checked: appends continue there only if all pass.
    private func open(pack: Int, newest: Bool) throws {
        let packPath = path(ofPack: pack)
        let fd = Foundation.open(packPath, (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC)
        guard fd >= 0 else { throw VaultError.io("cannot open \(packPath): \(String(cString: strerror(errno)))") }
        descriptors[pack] = fd
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw VaultError.io("cannot stat \(packPath): \(String(cString: strerror(errno)))") }
        let size = Int(status.st_size)
        var offset = 0
        var clean = true
        while offset < size {
            let prefix = try Self.readExactly(min(PackEntry.headerSize + 255, size - offset), from: fd, at: offset, path: packPath)
            guard let header = PackEntry.header(prefix, remaining: size - offset),
                  prefix.count >= PackEntry.headerSize + header.nameLength else { clean = false; break }
            let name = String(decoding: prefix[PackEntry.headerSize..<(PackEntry.headerSize + header.nameLength)], as: UTF8.self)
            let location = Location(pack: pack, offset: offset, nameLength: header.nameLength, dataLength: header.dataLength)
            if header.state == PackEntry.live {
                if newest, try data(at: location) == nil { clean = false }
                if let earlier = index[name] { superseded[name, default: []].append(earlier) }
                index[name] = location
            }
            offset += header.size
        }
        if newest && clean && !readOnly && offset < maxPackBytes { active = (pack, offset) }
    }

    /// Where an entry of `size` bytes goes: the active pack, or a new one
    /// when there is none or it is full. A full pack is synced as it is
    /// closed, so only the newest pack can ever end in a torn entry.
    private func appendPosition(for size: Int) throws -> (pack: Int, offset: Int) {
        if let active, active.end + size <= maxPackBytes || active.end == 0 { return (active.pack, active.end) }
        if let full = active?.pack {
            guard fdatasync(descriptors[full]!) == 0 else {
                throw VaultError.io("cannot sync \(path(ofPack: full)): \(String(cString: strerror(errno)))")
            }
            unsyncedPacks.remove(full)
        }
        let pack = nextPack
        let fd = Foundation.open(path(ofPack: pack), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw VaultError.io("cannot create \(path(ofPack: pack)): \(String(cString: strerror(errno)))") }
        descriptors[pack] = fd
        nextPack += 1
        active = (pack, 0)
        unsyncedDirectory = true
        return (pack, 0)
    }

    /// Moves a directory of one file per name (written before packs) into
    /// packs: each file appended, the packs synced, then the files removed.
    /// A crash midway repeats the import; names already packed are kept.
    private func importSingleFiles(_ names: [String]) throws {
        guard !names.isEmpty else { return }
        var imported: [String] = []
        for name in names.sorted() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            try write([UInt8](data), name: name, secret: true)
            imported.append(name)
        }
        try sync()
        for name in imported { unlink(directory + "/" + name) }
        try AtomicFile.syncDirectory(directory)
    }

    // MARK: - Positioned I/O

    static func writeAll(_ bytes: [UInt8], to fd: Int32, at offset: Int, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw VaultError.io("cannot write \(path): \(String(cString: strerror(errno)))") }
            done += n
        }
    }

    static func readExactly(_ count: Int, from fd: Int32, at offset: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw VaultError.io(n == 0 ? "\(path) ends inside an entry" : "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
        return bytes
    }
}
