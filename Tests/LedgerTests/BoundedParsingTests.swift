import Foundation
import Testing
import VaultSupport
@testable import Ledger

/// Counts and sizes first (issue 12).
@Suite struct LedgerBoundedParsingTests {
    @Test func aBlockWhoseEntriesDisagreeWithItsHeaderIsRefusedBeforeDecoding() throws {
        let chainID = SHA256.hash(Array("c".utf8))
        let header = try BlockHeader(chainID: chainID, height: 1, previousHash: chainID, merkleRoot: chainID,
                                     transactionCount: 2, time: 1, sealer: "admin-1").canonicalBytes
        let stored = StoredBlock(height: 1, header: header, seal: [UInt8](repeating: 0, count: 64), entries: [[1], [2], [3]])
        #expect(throws: LedgerError.brokenChain("the header counts 2 transactions but 3 are stored")) { _ = try Block(decoding: stored) }
    }

    @Test func anAnchorPolicyOverItsLimitIsRefusedUnread() throws {
        var w = CanonicalWriter()
        w.u8(EncodingTag.transaction); w.u8(EncodingTag.version); w.digest(.zero)
        w.u8(TransactionKind.recordAnchored.rawValue); w.string("provider-1"); w.u64(1); w.u64(1)
        w.string("rec-1"); w.digest(.zero); w.u32(UInt32(RecordAnchored.maxPolicyBytes + 1))
        #expect(throws: LedgerError.malformedEncoding("field length \(RecordAnchored.maxPolicyBytes + 1) exceeds the limit \(RecordAnchored.maxPolicyBytes)")) {
            _ = try TransactionBody.decode(canonical: w.bytes)
        }
    }

    @Test func oversizedMembersAndProposalFilesAreRefusedUnread() throws {
        let big = Data(repeating: UInt8(ascii: " "), count: MembersFile.maxBytes + 1)
        #expect { _ = try MembersFile.genesis(fromJSON: big) } throws: { "\($0)".contains("more than the limit") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("proposal-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: UInt8(ascii: " "), count: ProposalFile.maxBytes + 1))
        #expect { _ = try ProposalFile.read(path: path) } throws: { "\($0)".contains("limit of \(ProposalFile.maxBytes)") }
    }

    /// Issue 12: a genesis lists at most `GenesisConfig.maxMembers` (1,000);
    /// one declaring more is refused on its count, before any member is read
    /// (the bytes after the count are not members at all).
    @Test func aGenesisDeclaringTooManyMembersIsRefusedOnItsCount() throws {
        var g = CanonicalWriter()
        g.u8(EncodingTag.genesis); g.u8(EncodingTag.version); g.string("c"); g.u64(1)
        g.fixed([UInt8](repeating: 0, count: 16)); g.u8(Governance.Rule.adminMajority.rawValue)
        g.u32(UInt32(GenesisConfig.maxMembers + 1))
        g.fixed([UInt8](repeating: 0xff, count: 80 * (GenesisConfig.maxMembers + 1)))
        #expect(throws: LedgerError.malformedEncoding("list count \(GenesisConfig.maxMembers + 1) exceeds the limit of \(GenesisConfig.maxMembers)")) {
            _ = try GenesisConfig.decode(canonical: g.bytes)
        }
    }

    /// A members file within its byte limit but listing more members than a
    /// genesis takes is refused naming the limit, not after building them.
    @Test func aMembersFileWithTooManyMembersIsRefused() throws {
        let key = try SigningKey.generate().publicKey.rawBytes
        let members = (0...GenesisConfig.maxMembers).map {
            #"{"id": "m\#($0)", "organisation": "O", "roles": ["admin", "validator"], "public_key": "\#(Hex.encode(key))"}"#
        }
        let file = Data((#"{"chain_name": "c", "members": ["# + members.joined(separator: ",") + "]}").utf8)
        #expect(file.count <= MembersFile.maxBytes)
        #expect(throws: LedgerError.invalidInput("members file lists \(GenesisConfig.maxMembers + 1) members; a genesis lists at most \(GenesisConfig.maxMembers)")) {
            _ = try MembersFile.genesis(fromJSON: file)
        }
        #expect(MembersFile.maxBytes == 512 << 10)
    }

    @Test func everyHostileInputIsRefused() {
        for figure in LedgerHostileInputs.run(budget: .milliseconds(1)) {
            #expect(figure.refusal != nil, "\(figure.decoder): \(figure.input) was accepted")
        }
    }
}
