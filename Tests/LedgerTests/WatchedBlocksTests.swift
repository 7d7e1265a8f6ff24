import Testing
@testable import Ledger
@testable import LedgerEtcd

/// The follower's memory of watched blocks: it may only ever hand out a
/// run of consecutive heights from the one asked for, and must forget what
/// the replica has passed, or a follower would apply a block twice or skip
/// one.
@Suite struct WatchedBlocksTests {
    @Test func takesConsecutiveHeightsFromTheOneAskedForAndStopsAtAGap() {
        var watched = WatchedBlocks()
        for height: UInt64 in [5, 6, 7, 9] { watched.keep([UInt8(height)], at: height) }
        #expect(watched.take(from: 4, limit: 10).isEmpty)  // 4 was never watched
        #expect(watched.take(from: 5, limit: 2) == [[5], [6]])
        #expect(watched.take(from: 7, limit: 10) == [[7]])  // 8 is missing: stop there
        #expect(watched.count == 1)  // 5, 6 and 7 are forgotten; 9 waits
        #expect(watched.take(from: 9, limit: 10) == [[9]])
        #expect(watched.count == 0)
    }

    @Test func heightsBelowTheOneAskedForAreForgottenEvenWhenNothingIsTaken() {
        var watched = WatchedBlocks()
        for height: UInt64 in 1...3 { watched.keep([1], at: height) }
        #expect(watched.take(from: 10, limit: 5).isEmpty)
        #expect(watched.count == 0)
    }

    @Test func aLaterPayloadAtAHeightReplacesTheEarlier() {
        var watched = WatchedBlocks()
        watched.keep([1, 1], at: 3)
        watched.keep([2], at: 3)
        #expect(watched.take(from: 3, limit: 1) == [[2]])
    }

    @Test func moreThanTheCapEmptiesTheBufferSoFollowersReadFromEtcd() {
        var watched = WatchedBlocks()
        let big = [UInt8](repeating: 7, count: WatchedBlocks.maxBytes / 2 + 1)
        watched.keep(big, at: 1)
        #expect(watched.count == 1)
        watched.keep(big, at: 2)
        #expect(watched.count == 0)
        #expect(watched.take(from: 1, limit: 2).isEmpty)
    }

    @Test func onlyTheChainsOwnTwentyDigitBlockKeysNameAHeight() throws {
        let client = try EtcdClient(endpoints: ["http://127.0.0.1:9"])
        defer { client.shutdown() }
        let orderer = EtcdOrderer(client: client, chainID: Digest32(bytes: [UInt8](repeating: 0xab, count: 32))!)
        #expect(orderer.height(ofKey: orderer.key(0)) == 0)
        #expect(orderer.height(ofKey: orderer.key(123_456)) == 123_456)
        #expect(orderer.height(ofKey: orderer.key(UInt64.max)) == UInt64.max)
        let prefix = orderer.prefix
        #expect(orderer.height(ofKey: prefix + Array("99999999999999999999".utf8)) == nil)  // above UInt64.max
        #expect(orderer.height(ofKey: prefix + Array("0000000000000000001x".utf8)) == nil)
        #expect(orderer.height(ofKey: prefix + Array("000000000000000001".utf8)) == nil)  // too short
        #expect(orderer.height(ofKey: Array("/record-vault/other/block/00000000000000000001".utf8)) == nil)
        let other = EtcdOrderer(client: client, chainID: Digest32(bytes: [UInt8](repeating: 0xcd, count: 32))!)
        #expect(orderer.height(ofKey: other.key(1)) == nil)
    }
}
