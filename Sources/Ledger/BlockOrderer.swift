/// Orders blocks between the nodes of several organisations, as Fabric's
/// ordering service does: every node offers the block it sealed for the next
/// height, exactly one offer per height wins, and every node applies the
/// winners in height order to its own replica after judging them in full.
///
/// The orderer is trusted for availability only, never for content: what
/// it returns is untrusted bytes, which `Chain.accept` decodes and judges by
/// every rule before anything is stored. An etcd cluster implements it in
/// the `LedgerEtcd` target; without one the node orders blocks itself.
public protocol BlockOrderer: AnyObject, Sendable {
    /// Offers `block` as the block at its height (a compare-and-swap on that
    /// height). Returns nil when `block` is now the block at that height;
    /// otherwise the block another node put there first.
    /// Throws `LedgerError.unavailable` when the orderer cannot decide; the
    /// offer may then still win later, which the node learns by following.
    func offer(_ block: StoredBlock) throws -> StoredBlock?

    /// Up to `limit` ordered blocks with height ≥ `height`, ascending.
    func blocks(from height: UInt64, limit: Int) throws -> [StoredBlock]

    /// Starts watching for blocks that other nodes order.
    func startFollowing()

    /// Waits until the orderer may hold blocks not seen at `seen` (a value
    /// this returned before; 0 at first), or `timeout` seconds pass, and
    /// returns the new value. Followers then read with `blocks(from:limit:)`.
    func awaitChange(after seen: UInt64, timeout: Double) -> UInt64

    /// Waits until the orderer knows of a block at `height` or above, or
    /// `timeout` seconds pass; whether it knows of one.
    func awaitBlock(at height: UInt64, timeout: Double) -> Bool

    /// Stops watching and wakes every waiter.
    func stop()
}
