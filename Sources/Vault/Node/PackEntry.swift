import Ledger

/// One entry of a pack file (`FileBlobStore`), laid out as
///
///     magic "VPK1" (4) | state (1) | name length (1) | data length (4, big-endian)
///     | SHA-256 of name ‖ data (32) | name | data
///
/// The checksum finds a torn write at the end of a pack after a crash; it is
/// no authentication (blobs are checked against their anchor's hash, escrows
/// by HPKE). An erased entry keeps its header with the state `erased` and
/// its data overwritten with zeros, so a scan can step over it.
struct PackEntry {
    static let magic: [UInt8] = Array("VPK1".utf8)
    static let headerSize = 42
    static let live: UInt8 = 0x4c  // "L"
    static let erased: UInt8 = 0x45  // "E"
    static let stateOffset = 4
    static let checksumRange = 10..<42

    struct Header {
        let state: UInt8
        let nameLength: Int
        let dataLength: Int

        var size: Int { PackEntry.headerSize + nameLength + dataLength }
    }

    /// The bytes of a live entry.
    static func encode(name: [UInt8], data: [UInt8]) -> [UInt8] {
        precondition((1...255).contains(name.count) && data.count <= Int(UInt32.max))
        var out = magic
        out.reserveCapacity(headerSize + name.count + data.count)
        out.append(live)
        out.append(UInt8(name.count))
        let length = UInt32(data.count)
        out += [UInt8(length >> 24), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
        out += checksum(name: name, data: data).bytes
        out += name
        out += data
        return out
    }

    static func checksum(name: [UInt8], data: [UInt8]) -> Digest32 { SHA256.hash(name, data) }

    /// The data of a whole encoded entry whose name has `nameLength` bytes,
    /// or nil if the entry is erased or its checksum fails (torn by a crash
    /// before it was synced, or damaged on disk).
    static func liveData(_ entry: [UInt8], nameLength: Int) -> [UInt8]? {
        let name = Array(entry[headerSize..<(headerSize + nameLength)])
        let data = Array(entry[(headerSize + nameLength)...])
        guard entry[stateOffset] == live, checksum(name: name, data: data).bytes.elementsEqual(entry[checksumRange]) else { return nil }
        return data
    }

    /// The header at the start of `bytes`, or nil if these bytes are no
    /// entry's header (a torn or foreign tail). `remaining` is how many bytes
    /// the pack has from this header on: an entry longer than that is torn.
    static func header(_ bytes: [UInt8], remaining: Int) -> Header? {
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == magic,
              bytes[stateOffset] == live || bytes[stateOffset] == erased, bytes[5] != 0 else { return nil }
        let dataLength = Int(bytes[6]) << 24 | Int(bytes[7]) << 16 | Int(bytes[8]) << 8 | Int(bytes[9])
        let header = Header(state: bytes[stateOffset], nameLength: Int(bytes[5]), dataLength: dataLength)
        return header.size <= remaining ? header : nil
    }
}
