import Foundation
@testable import Ledger
import Testing

/// docs/CLUSTER.md: a block from the orderer that differs from the one the
/// replica already holds at that height is a fork, and is refused.
@Suite struct ForkTests {
    @Test func aBlockThatDiffersFromTheOneStoredAtItsHeightIsRefusedAsAFork() throws {
        let replicas = try DivergedReplicas()
        let own = try DivergedReplicas.blocks(of: replicas.first)[1], other = try DivergedReplicas.blocks(of: replicas.second)[1]
        #expect(own != other)

        // The block the replica holds, read again (a follower re-reading its own seal), is no fork.
        #expect(try replicas.first.accept(own) == false)

        do {
            try replicas.first.accept(other)
            Issue.record("the other replica's block 1 was accepted over this replica's own")
        } catch let failure as VerificationFailure {
            #expect(failure.height == 1 && failure.position == nil, "\(failure)")
            #expect(failure.description.contains("fork"), "\(failure)")
        }
        // The replica keeps its own block 1, and still verifies.
        #expect(replicas.first.height == 1)
        #expect(try DivergedReplicas.blocks(of: replicas.first)[1] == own)
        #expect(replicas.first.verify().failure == nil)
    }
}
