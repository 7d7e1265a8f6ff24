import Foundation

/// The request nonces a node has seen within the signature window
/// (RFC 9421 §7.2.2): a second request with the same member and nonce is a
/// replay. Entries older than the window are forgotten, since a request that
/// old is refused by its `created` time anyway.
final class NonceWindow: @unchecked Sendable {
    // @unchecked Sendable: all state is guarded by `lock`.
    private let lock = NSLock()
    private var seen: [String: Int64] = [:]
    private var lastPurge: Int64 = 0
    let window: Int64

    init(window: Int64) { self.window = window }

    /// Remembers the nonce; false if it was already used.
    func accept(member: String, nonce: String, created: Int64, now: Int64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if now - lastPurge > window {
            seen = seen.filter { now - $0.value <= 2 * window }
            lastPurge = now
        }
        let key = member + " " + nonce
        guard seen[key] == nil else { return false }
        seen[key] = created
        return true
    }
}
