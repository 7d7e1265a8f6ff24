import Foundation
@testable import Ledger

/// Two replicas of one chain on memory stores that each sealed a different
/// block 1 on their own, as two nodes that ordered their own blocks would:
/// the fork a cluster exists to prevent.
struct DivergedReplicas {
    let consortium: Consortium
    /// The first replica's store, to open again with an orderer.
    let firstStore = MemoryLedgerStore()
    let first: Chain
    let second: Chain

    init() throws {
        consortium = try Consortium()
        first = try Chain.create(genesis: consortium.genesis, sealer: consortium.sealer, store: firstStore)
        second = try Chain.join(genesis: try first.storedBlocks(from: 0, limit: 1)[0], chainID: consortium.genesis.chainID,
                                store: MemoryLedgerStore())
        for (chain, record) in [(first, "rec-first"), (second, "rec-second")] {
            try chain.append([try chain.makeTransaction(anchorPayload(record), by: consortium["provider-1"])], sealedBy: consortium.sealer)
        }
    }

    /// Every block `chain` stores, in height order.
    static func blocks(of chain: Chain) throws -> [StoredBlock] {
        try chain.storedBlocks(from: 0, limit: 100)
    }
}
