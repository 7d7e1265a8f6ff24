import Foundation
import Testing
@testable import Ledger
@testable import LedgerSQLite

/// The in-memory store keeps the `LedgerStore` contract the SQLite store
/// keeps: the same chain built on each verifies, answers the same queries,
/// and an append at the wrong height is a conflict.
@Suite struct MemoryStoreTests {
    @Test func aChainOnEitherStoreAnswersAlike() throws {
        let sqlite = try TestChain()
        let memory = MemoryLedgerStore()
        let inMemory = try Chain.create(genesis: sqlite.consortium.genesis, sealer: sqlite.consortium.sealer, store: memory)
        for chain in [sqlite.ledger, inMemory] {
            for block in 0..<3 {
                let payloads = try (0..<4).map { try anchorPayload("rec-\(block)-\($0)") }
                    + [try accessPayload("rec-\(block)-0")]
                try chain.append(try chain.makeTransactions(payloads, by: sqlite.consortium["provider-1"]), sealedBy: sqlite.consortium.sealer)
            }
            #expect(chain.verify().isValid)
        }
        #expect(try memory.tipHeight() == sqlite.reopenStore().tipHeight())
        let queries = [IndexQuery(recordID: "rec-1-0"), IndexQuery(kinds: [.accessLogged]), IndexQuery(memberID: "provider-1", limit: 3)]
        for query in queries {
            let a = try sqlite.ledger.transactions(matching: query).map { "\($0.height)/\($0.position)" }
            let b = try inMemory.transactions(matching: query).map { "\($0.height)/\($0.position)" }
            #expect(a == b && !a.isEmpty, "\(query)")
        }
        let tip = try #require(try memory.block(at: 3))
        #expect(throws: LedgerError.self) { try memory.append(BlockCommit(block: tip, index: [], changedMembers: [])) }
    }
}
