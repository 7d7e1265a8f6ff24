import Foundation
import Ledger

/// A record as the chain knows it: its current anchor and state.
public struct RecordSummary: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey { case id, policy, sha256, bytes, rows, provider, height, anchoredAt = "anchored_at", erasedAt = "erased_at" }

    public var id: String
    /// The policy of the current anchor (compiled canonical text).
    public var policy: String
    public var sha256: String
    public var bytes: UInt64
    public var rows: UInt32
    /// Who anchored the current version.
    public var provider: String
    public var height: UInt64
    public var anchoredAt: String
    public var erasedAt: String?
}

public struct RecordDetails: Codable, Sendable {
    public var record: RecordSummary
    public var events: [AuditEvent]
}

/// Records derived from the chain in chain order (height, position), never
/// from a submitter's claimed time.
enum RecordListing {
    static func summaries(_ chain: Chain, recordID: String? = nil) throws -> [RecordSummary] {
        let all = try chain.transactions(matching: IndexQuery(recordID: recordID, kinds: [.recordAnchored, .recordErased]))
        var order: [String] = []
        var latest: [String: RecordSummary] = [:]
        for located in all {
            let tx = located.transaction
            switch tx.body.payload {
            case .recordAnchored(let a):
                if latest[a.recordID] == nil { order.append(a.recordID) }
                latest[a.recordID] = RecordSummary(id: a.recordID, policy: a.policy, sha256: a.ciphertextSHA256.hex,
                                                   bytes: a.ciphertextBytes, rows: a.lsssRows, provider: tx.body.submitter,
                                                   height: located.height, anchoredAt: isoTimestamp(millis: tx.body.time))
            case .recordErased(let e):
                latest[e.recordID]?.erasedAt = isoTimestamp(millis: tx.body.time)
            default: break
            }
        }
        return order.compactMap { latest[$0] }
    }
}
