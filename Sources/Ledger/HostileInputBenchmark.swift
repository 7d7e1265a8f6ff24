import Foundation
import VaultSupport

/// The ledger's half of `vault bench hostile`: for each decoder, the worst
/// input its limits allow, and the median time to refuse it. The worst is
/// the largest input the limits let through to the last check, made to fail
/// only there.
public enum LedgerHostileInputs {
    /// `only`, when given, keeps the inputs whose decoder and description
    /// (joined by a space) contain it; the others are built but not timed.
    public static func run(budget: Duration = .milliseconds(200), only: String? = nil) -> [HostileInputFigure] {
        var figures = [HostileInputFigure]()
        func measure(_ decoder: String, _ input: String, _ decode: () throws -> Void) {
            guard only.map({ "\(decoder) \(input)".contains($0) }) ?? true else { return }
            figures.append(.measure(decoder, input, budget: budget, decode))
        }
        let chainID = SHA256.hash(Array("hostile".utf8))

        // A transaction whose policy field declares the most the reader takes
        // (64 KiB, all present) and one byte too many at the end.
        var w = CanonicalWriter()
        w.u8(EncodingTag.transaction); w.u8(EncodingTag.version); w.digest(chainID)
        w.u8(TransactionKind.recordAnchored.rawValue); w.string("provider-1"); w.u64(1); w.u64(1)
        w.string("rec-1"); w.digest(chainID)
        w.string(String(repeating: "a OR ", count: RecordAnchored.maxPolicyBytes / 5 - 1) + "a")
        w.digest(chainID); w.string("fabeo"); w.u32(1); w.u64(1); w.digest(chainID)
        let longTransaction = w.bytes + [UInt8](repeating: 0, count: 64) + [0]
        measure("chain transaction", "64 KiB policy, one trailing byte") {
            _ = try SignedTransaction(encoded: longTransaction)
        }
        var oversized = CanonicalWriter()
        oversized.u8(EncodingTag.transaction); oversized.u8(EncodingTag.version); oversized.digest(chainID)
        oversized.u8(TransactionKind.recordAnchored.rawValue); oversized.string("provider-1"); oversized.u64(1); oversized.u64(1)
        oversized.string("rec-1"); oversized.digest(chainID); oversized.u32(UInt32.max)
        let forgedLength = oversized.bytes
        measure("chain transaction", "policy length 4 GiB declared") {
            _ = try SignedTransaction(encoded: forgedLength)
        }

        // A block of 10,000 well-formed transactions whose last is cut short.
        let small: [UInt8] = {
            var t = CanonicalWriter()
            t.u8(EncodingTag.transaction); t.u8(EncodingTag.version); t.digest(chainID)
            t.u8(TransactionKind.accessLogged.rawValue); t.string("provider-1"); t.u64(1); t.u64(1)
            t.string("rec-1"); t.string("reader-1"); t.u8(AccessOutcome.granted.rawValue)
            t.string(""); t.string("")  // no evidence
            return t.bytes + [UInt8](repeating: 0, count: 64)
        }()
        let count = 10_000
        let header = (try? BlockHeader(chainID: chainID, height: 1, previousHash: chainID, merkleRoot: chainID,
                                       transactionCount: UInt32(count), time: 1, sealer: "admin-1"))?.canonicalBytes ?? []
        let entries = [[UInt8]](repeating: small, count: count - 1) + [Array(small.dropLast())]
        let block = StoredBlock(height: 1, header: header, seal: [UInt8](repeating: 0, count: 64), entries: entries)
        measure("chain block", "10,000 transactions, the last cut short") {
            _ = try Block(decoding: block)
        }
        let lying = StoredBlock(height: 1, header: header, seal: [UInt8](repeating: 0, count: 64), entries: [[UInt8]](repeating: small, count: 100_001))
        measure("chain block", "100,001 entries under a header counting 10,000") {
            _ = try Block(decoding: lying)
        }

        // Genesis with the most members the reader takes (GenesisConfig.maxMembers), the last out of order.
        var g = CanonicalWriter()
        g.u8(EncodingTag.genesis); g.u8(EncodingTag.version); g.string("hostile"); g.u64(1)
        g.fixed([UInt8](repeating: 0, count: 16)); g.u8(Governance.Rule.adminMajority.rawValue)
        let memberCount = GenesisConfig.maxMembers
        g.u32(UInt32(memberCount))
        let key = (try? SigningKey.generate())?.publicKey.rawBytes ?? [UInt8](repeating: 1, count: 32)
        for i in 0..<memberCount {
            g.string(i == memberCount - 1 ? "a" : String(format: "m%05d", i)); g.string("Org"); g.u8(1); g.fixed(key)
        }
        let genesis = g.bytes
        measure("genesis block", "\(memberCount) members, the last out of order") {
            _ = try GenesisConfig.decode(canonical: genesis)
        }

        // A members file of the most members a genesis takes, each with the
        // longest organisation (128 bytes), the last with an unknown role;
        // and one filled to its byte limit with too many members.
        func membersFile(_ count: Int, badLast: Bool) -> Data {
            var members = [String]()
            let organisation = String(repeating: "o", count: 128)
            for i in 0..<count {
                let role = badLast && i == count - 1 ? "wizard" : "provider"
                members.append(#"{"id": "m\#(i)", "organisation": "\#(organisation)", "roles": ["\#(role)"], "public_key": "\#(Hex.encode(key))"}"#)
            }
            return Data((#"{"chain_name": "hostile", "members": ["# + members.joined(separator: ",") + "]}").utf8)
        }
        let fullFile = membersFile(memberCount, badLast: true)
        measure("members file", "\(memberCount) members (\(fullFile.count / 1024) KiB), the last with an unknown role") {
            _ = try MembersFile.genesis(fromJSON: fullFile, createdAt: 1)
        }
        var extra = memberCount
        while membersFile(extra + 50, badLast: false).count <= MembersFile.maxBytes { extra += 50 }
        let crowded = membersFile(extra, badLast: false)
        measure("members file", "\(extra) members (\(crowded.count / 1024) KiB, under the byte limit), too many") {
            _ = try MembersFile.genesis(fromJSON: crowded, createdAt: 1)
        }
        let hugeMembers = Data(repeating: UInt8(ascii: " "), count: MembersFile.maxBytes + 1)
        measure("members file", "\(MembersFile.maxBytes / 1024) KiB + 1 byte") {
            _ = try MembersFile.genesis(fromJSON: hugeMembers, createdAt: 1)
        }

        // A proposal file whose body is the long transaction, with a wrong kind for a proposal.
        let proposal = #"{"format": "\#(ProposalFile.format)", "chain_id": "", "submitter": "x", "nonce": 1, "payload": {"type": "RecordAnchored"}, "body": "\#(Hex.encode(longTransaction.dropLast(65)))"}"#
        let proposalData = Data(proposal.utf8)
        measure("proposal file", "\(proposal.utf8.count / 1024) KiB, a 64 KiB record anchor instead of a membership change") {
            _ = try ProposalFile.decode(proposalData, name: "proposal")
        }
        return figures
    }
}
