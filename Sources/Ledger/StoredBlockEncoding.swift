/// One block as one byte string, for an orderer that stores values (etcd):
///
///     'B' 0x01 height:u64 header:bytes seal:bytes count:u32 entry:bytes…
///
/// Decoding bounds every length before allocating; the result is still
/// untrusted and is judged by `Chain.accept` before anything is stored.
extension StoredBlock {
    static let wireTag: UInt8 = 0x42  // 'B'

    /// The most bytes one encoded block may have: etcd refuses larger requests
    /// (tools/etcd-cluster.sh raises its limit to 8 MiB; the JSON gateway adds a third).
    public static let maxWireBytes = 6 << 20

    public var wireBytes: [UInt8] {
        var w = CanonicalWriter(capacity: header.count + seal.count + entries.reduce(16) { $0 + $1.count + 4 })
        w.u8(Self.wireTag)
        w.u8(EncodingTag.version)
        w.u64(height)
        w.lengthPrefixed(header)
        w.lengthPrefixed(seal)
        w.u32(UInt32(entries.count))
        for entry in entries { w.lengthPrefixed(entry) }
        return w.bytes
    }

    public init(wireBytes bytes: [UInt8]) throws {
        guard bytes.count <= Self.maxWireBytes else {
            throw LedgerError.malformedEncoding("an encoded block of \(bytes.count) bytes exceeds the limit of \(Self.maxWireBytes)")
        }
        var r = CanonicalReader(bytes)
        try r.expectTag(Self.wireTag, "block")
        guard try r.u8() == EncodingTag.version else { throw LedgerError.malformedEncoding("unsupported block encoding version") }
        let height = try r.u64()
        let header = try r.lengthPrefixed(max: 4096)
        let seal = try r.lengthPrefixed(max: 256)
        let count = try r.count(minElementBytes: 4, limit: Chain.maxBlockTransactions)
        var entries: [[UInt8]] = []
        entries.reserveCapacity(count)
        for _ in 0..<count { entries.append(try r.lengthPrefixed()) }
        try r.finish("block")
        self.init(height: height, header: header, seal: seal, entries: entries)
    }
}
