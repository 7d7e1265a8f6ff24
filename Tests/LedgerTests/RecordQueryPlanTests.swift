import Testing
@testable import Ledger
@testable import LedgerSQLite

/// A node asks for a record's first anchor on every put (is the id taken?)
/// and for its newest transactions on every read. Those lookups must search
/// the record's own index entries: a plan that walks another index reads
/// the whole chain, and puts then slow down as the chain grows.
@Suite struct RecordQueryPlanTests {
    @Test func recordQueriesSearchTheRecordIndexInChainOrder() throws {
        let chain = try TestChain()
        for _ in 0..<3 { try chain.appendAnchors(40) }
        let store = try chain.reopenStore()
        let queries = [
            IndexQuery(recordID: "rec-1-7", kinds: [.recordAnchored], limit: 1),
            IndexQuery(recordID: "rec-1-7", limit: 5, newest: true),
            IndexQuery(recordID: "rec-1-7", since: 1),
            IndexQuery(recordID: "no-such-record", kinds: [.recordAnchored], limit: 1),
        ]
        for query in queries {
            let plan = try store.queryPlan(query)
            #expect(plan.contains { $0.contains("USING INDEX tx_by_record_order (record_id=?)") }, "\(query): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN tx_index") }, "\(query): \(plan)")
        }
        let first = try store.query(queries[0])
        #expect(first.map(\.recordID) == ["rec-1-7"])
        #expect(first.first?.height == 2)
        #expect(try store.query(queries[3]).isEmpty)
    }

    @Test func anOldStoresRecordIndexIsReplacedWhenItIsOpened() throws {
        let chain = try TestChain()
        try chain.appendAnchors(3)
        let store = try chain.reopenStore()
        try store.db.execute("DROP INDEX tx_by_record_order; CREATE INDEX tx_by_record ON tx_index(record_id, time) WHERE record_id IS NOT NULL;")
        let reopened = try chain.reopenStore()
        var names: [String] = []
        try reopened.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'tx_by_record%'").forEachRow { names.append($0.text(0)) }
        #expect(names == ["tx_by_record_order"])
        #expect(try reopened.query(IndexQuery(recordID: "rec-0-2", kinds: [.recordAnchored], limit: 1)).count == 1)
    }
}
