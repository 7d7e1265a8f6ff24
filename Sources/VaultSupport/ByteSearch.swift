/// Searching bytes for bytes, on the node's and the load generator's hot
/// paths. A plain scan: the standard library's generic `contains(_:)` over
/// collections cost 10% of a loaded node's CPU on its commit thread
/// (`AccessEvidence`), and Foundation's `firstRange(of:)` 1.4% of a
/// benchmark run in the load generator's header parsing. `@inlinable` so
/// that each caller gets it specialised for its collection.
public enum ByteSearch {
    /// Where `needle` first starts in `haystack`, or nil (an empty needle starts at once).
    @inlinable
    public static func firstIndex<Haystack: RandomAccessCollection>(of needle: [UInt8], in haystack: Haystack) -> Int?
    where Haystack.Element == UInt8, Haystack.Index == Int {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while start <= last {
            var matched = 0
            while matched < needle.count && haystack[start + matched] == needle[matched] { matched += 1 }
            if matched == needle.count { return start }
            start += 1
        }
        return nil
    }
}
