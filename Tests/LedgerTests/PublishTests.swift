import Foundation
@testable import Ledger
import Testing

/// docs/CLUSTER.md, moving a chain onto a cluster: `Chain.publish` offers
/// every block of the replica in height order, and a block the cluster
/// already holds at a height must be the replica's own.
@Suite struct PublishTests {
    @Test func publishingPutsEveryBlockInOrderOnceAndRefusesAClusterHoldingAnotherBlock() throws {
        let replicas = try DivergedReplicas()
        try replicas.first.append([try replicas.first.makeTransaction(anchorPayload("rec-first-2"), by: replicas.consortium["provider-1"])],
                                  sealedBy: replicas.consortium.sealer)
        let blocks = try DivergedReplicas.blocks(of: replicas.first)
        #expect(blocks.count == 3)

        // An empty cluster: every block is put, in height order, exactly as stored.
        let cluster = MemoryOrderer()
        let moving = try Chain.open(store: replicas.firstStore, orderer: cluster)
        #expect(try moving.publish() == 3)
        #expect(cluster.offeredHeights == [0, 1, 2])
        #expect(try cluster.blocks(from: 0, limit: 10) == blocks)
        // Published again (a move cut short after the cluster took the blocks): nothing is put twice.
        #expect(try moving.publish() == 0)
        #expect(try cluster.blocks(from: 0, limit: 10) == blocks)

        // A cluster that holds the other replica's block 1: refused as a fork
        // at height 1, and nothing above it is offered.
        let theirs = try DivergedReplicas.blocks(of: replicas.second)
        let forked = MemoryOrderer(holding: theirs)
        do {
            try Chain.open(store: replicas.firstStore, orderer: forked).publish()
            Issue.record("a replica was published onto a cluster holding a different block 1")
        } catch let failure as VerificationFailure {
            #expect(failure.height == 1 && failure.description.contains("fork"), "\(failure)")
        }
        #expect(forked.offeredHeights == [0, 1])
        #expect(try forked.blocks(from: 0, limit: 10) == theirs)
    }
}
