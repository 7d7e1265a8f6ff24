/// Block payloads the watch delivered, by height, kept until a follower
/// reads them: a node learns each block from the watch event that announced
/// it, instead of asking etcd for it again (a linearizable range read is
/// one more Raft round per block and node).
///
/// The payloads are as untrusted as any read from etcd: they are only a
/// cheaper way to fetch the bytes that `Chain.accept` then judges. A height
/// missing here (the watch reconnected, or the buffer was full) is read from
/// etcd as before, so nothing depends on the watch being complete.
struct WatchedBlocks {
    /// More than this many bytes waiting means nobody is reading: the
    /// buffer is emptied and followers fall back to range reads.
    static let maxBytes = 64 << 20

    private var payloads: [UInt64: [UInt8]] = [:]
    private var bytes = 0

    var count: Int { payloads.count }

    mutating func keep(_ payload: [UInt8], at height: UInt64) {
        if let old = payloads.updateValue(payload, forKey: height) { bytes -= old.count }
        bytes += payload.count
        if bytes > Self.maxBytes { removeAll() }
    }

    /// Up to `limit` payloads at consecutive heights from `height` on, and
    /// forgets every payload below the first height not returned (those are
    /// now in the replica, or never will be needed again).
    mutating func take(from height: UInt64, limit: Int) -> [[UInt8]] {
        var taken: [[UInt8]] = []
        var next = height
        while taken.count < limit, let payload = payloads[next] {
            taken.append(payload)
            next += 1
        }
        for key in payloads.keys where key < next {
            bytes -= payloads.removeValue(forKey: key)?.count ?? 0
        }
        return taken
    }

    mutating func removeAll() {
        payloads.removeAll()
        bytes = 0
    }
}
