import Synchronization

/// A precomputed table that is built only once it has paid for itself: the
/// first `directCalls` requests get nil (the caller multiplies the ordinary
/// constant-time way), and the next one builds the table, which every later
/// call reuses. So a command that multiplies a base once or twice never
/// builds 1,024 points for it, and a long-running process still gets the
/// table. The choice depends on a call count only, never on a scalar.
final class TableOnDemand<Table: Sendable>: Sendable {
    private let state = Mutex<(calls: Int, table: Table?)>((0, nil))
    private let directCalls: Int
    private let build: @Sendable () -> Table

    init(directCalls: Int, build: @escaping @Sendable () -> Table) {
        self.directCalls = directCalls
        self.build = build
    }

    /// The table, or nil while computing directly is still cheaper overall.
    func table() -> Table? {
        state.withLock { s in
            if let t = s.table { return t }
            s.calls += 1
            guard s.calls > directCalls else { return nil }
            let t = build()
            s.table = t
            return t
        }
    }
}
