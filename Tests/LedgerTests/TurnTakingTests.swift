import Foundation
@testable import Ledger
import Testing

/// docs/CLUSTER.md, turn-taking: after a lost race, the node that wins the
/// next height leaves the one after it to the other node (`OfferTurns`).
@Suite struct TurnTakingTests {
    /// Two replicas on one orderer, each anchoring for provider-1 with
    /// nonces of its own.
    struct TwoNodes {
        let consortium: Consortium
        let cluster = MemoryOrderer()
        let a: Chain
        let b: Chain

        init() throws {
            consortium = try Consortium()
            let storeA = MemoryLedgerStore()
            let created = try Chain.create(genesis: consortium.genesis, sealer: consortium.sealer, store: storeA)
            let genesis = try created.storedBlocks(from: 0, limit: 1)[0]
            let storeB = MemoryLedgerStore()
            _ = try Chain.join(genesis: genesis, chainID: consortium.genesis.chainID, store: storeB)
            a = try Chain.open(store: storeA, orderer: cluster)
            b = try Chain.open(store: storeB, orderer: cluster)
        }

        /// Submits one anchor with `nonce` through `chain` and seals; the height it landed at.
        func put(_ chain: Chain, _ recordID: String, nonce: UInt64) throws -> UInt64? {
            let body = try TransactionBody(chainID: consortium.genesis.chainID, submitter: "provider-1", nonce: nonce,
                                           time: LedgerClock.nowMillis(), payload: try anchorPayload(recordID))
            try chain.submit(try body.signed(with: consortium["provider-1"].key))
            return try chain.seal(by: consortium.sealer)?.block?.height
        }
    }

    @Test func aWinnerAfterALostRaceBuildsOnTheOtherNodesNextBlock() throws {
        let nodes = try TwoNodes()
        #expect(try nodes.put(nodes.b, "rec-1", nonce: 10) == 1)
        // A did not follow B: it offers height 1, loses, applies B's block and takes 2.
        #expect(try nodes.put(nodes.a, "rec-2", nonce: 20) == 2)
        try nodes.b.catchUp()
        #expect(try nodes.put(nodes.b, "rec-3", nonce: 30) == 3)
        // A won height 2 just after losing 1: before building it takes B's
        // block 3, so it offers 4 and never 3.
        #expect(try nodes.put(nodes.a, "rec-4", nonce: 40) == 4)
        #expect(nodes.cluster.offeredHeights == [1, 1, 2, 3, 4])
        #expect(nodes.a.height == 4 && nodes.a.tipHash == nodes.cluster.tipHash)
    }

    @Test func aNodeThatLostNoRaceOffersAtOnce() throws {
        let nodes = try TwoNodes()
        #expect(try nodes.put(nodes.a, "rec-1", nonce: 10) == 1)
        try nodes.b.catchUp()
        #expect(try nodes.put(nodes.b, "rec-2", nonce: 20) == 2)
        // A lost nothing, so it does not look for B's block first: it offers
        // height 2, loses it and takes 3.
        #expect(try nodes.put(nodes.a, "rec-3", nonce: 30) == 3)
        #expect(nodes.cluster.offeredHeights == [1, 2, 2, 3])
    }

    @Test func aWinnerWaitsForTheOtherNodeNoLongerThanTheLimit() throws {
        let nodes = try TwoNodes()
        #expect(try nodes.put(nodes.b, "rec-1", nonce: 10) == 1)
        #expect(try nodes.put(nodes.a, "rec-2", nonce: 20) == 2)
        // B seals nothing more: A's next seal waits for it at most
        // `OfferTurns.longestWait`, then takes height 3 itself.
        let started = ContinuousClock.now
        #expect(try nodes.put(nodes.a, "rec-3", nonce: 30) == 3)
        #expect(ContinuousClock.now - started < OfferTurns.longestWait + .seconds(2))
        #expect(nodes.cluster.offeredHeights == [1, 1, 2, 3])
    }

    @Test func turnsAreLeftOnlyWhileRacesAreBeingLost() {
        var turns = OfferTurns()
        let start = ContinuousClock.now
        turns.offered(at: 5, took: .milliseconds(4), won: true, now: start)
        #expect(turns.takeTurn() == nil)
        turns.offered(at: 6, took: .milliseconds(4), won: false, now: start)
        #expect(turns.takeTurn() == nil)
        turns.offered(at: 7, took: .milliseconds(4), won: true, now: start + .milliseconds(10))
        let turn = turns.takeTurn()
        #expect(turn?.height == 8)
        #expect(turn.map { $0.timeout > 0 && $0.timeout <= 0.05 } == true)
        #expect(turns.takeTurn() == nil)  // once per win
        // A second after the last loss, wins no longer yield.
        turns.offered(at: 9, took: .milliseconds(4), won: true, now: start + OfferTurns.contentionMemory + .milliseconds(1))
        #expect(turns.takeTurn() == nil)
        // A slow orderer does not stretch the wait past the limit.
        for height in 10...30 { turns.offered(at: UInt64(height), took: .seconds(1), won: height % 2 == 0, now: start + .seconds(5)) }
        #expect(turns.takeTurn().map { $0.timeout <= 0.05 } == true)
    }
}
