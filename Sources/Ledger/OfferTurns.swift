import Foundation

/// Turn-taking between nodes that race for heights on one orderer.
///
/// Two busy nodes collide systematically: the winner and the loser of a
/// height learn the outcome from the same etcd transaction, both store the
/// block, and both offer the next height at about the same moment, so a
/// third of all offers lost (docs/CLUSTER.md). The loser offers again at
/// once, since it holds a whole batch; the winner, while races are being
/// lost, lets it: it waits for another node's block at the next height (at
/// most about two of its own offer round trips) before building on the
/// tip. A node that loses no race never waits, so one client sees no
/// change.
struct OfferTurns {
    /// How long after a lost race a win still yields the next height.
    static let contentionMemory: Duration = .seconds(1)
    /// The longest a node waits for another's block.
    static let longestWait: Duration = .milliseconds(50)

    private var lastLoss: ContinuousClock.Instant?
    /// A moving average of this node's offer round trips.
    private var roundTrip: Duration = .milliseconds(5)
    private var yieldHeight: UInt64?

    /// Records an offer at `height` that took `took` and was won or lost.
    mutating func offered(at height: UInt64, took: Duration, won: Bool, now: ContinuousClock.Instant = .now) {
        roundTrip = roundTrip * 0.75 + took * 0.25
        if !won { lastLoss = now }
        let contended = lastLoss.map { now - $0 < Self.contentionMemory } ?? false
        yieldHeight = won && contended ? height + 1 : nil
    }

    /// The height to leave to another node, and how long to wait for its
    /// block there; once per win.
    mutating func takeTurn() -> (height: UInt64, timeout: TimeInterval)? {
        defer { yieldHeight = nil }
        guard let height = yieldHeight else { return nil }
        let wait = min(roundTrip * 2, Self.longestWait)
        return (height, Double(wait.components.seconds) + Double(wait.components.attoseconds) * 1e-18)
    }
}
