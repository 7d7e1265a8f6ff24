import Foundation
import Testing
@testable import Ledger

/// The entry points the fuzzers call accept every well-formed input and
/// round-trip it (the seed corpora under Fuzz/corpus are these inputs).
@Suite struct LedgerDecoderRoundTripTests {
    @Test func everySampleInputIsAcceptedAndRoundTrips() throws {
        for sample in try LedgerDecoderRoundTrips.sampleInputs() {
            let input = Array(sample.bytes.dropFirst())
            let ok: Bool
            switch (sample.target, sample.name) {
            case ("transaction", _): ok = try LedgerDecoderRoundTrips.transaction(sample.bytes)
            case ("block", "header"): ok = try LedgerDecoderRoundTrips.blockHeader(input)
            case ("block", "genesis"): ok = try LedgerDecoderRoundTrips.genesis(input)
            case ("block", _): ok = try LedgerDecoderRoundTrips.storedBlock(input)
            case ("files", "members"): ok = try LedgerDecoderRoundTrips.membersFile(Data(input))
            default: ok = try LedgerDecoderRoundTrips.proposalFile(Data(input))
            }
            #expect(ok, "\(sample.target)/\(sample.name)")
        }
    }
}
