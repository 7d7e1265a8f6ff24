import Foundation
import Ledger

/// An admin's membership changes, sent through the node. With several
/// admins, the others' approvals come from `vault chain approve`.
public struct Admin: Sendable {
    public let client: NodeClient
    public var chainID: Digest32 { client.chainID }

    public init(folder: PartyFolder, transport: NodeTransport) throws {
        client = try NodeClient(folder: folder, transport: transport)
    }

    func submit(_ payload: TransactionPayload) throws -> Receipt {
        try client.submitting { nonce in
            let tx = try client.sign([payload], firstNonce: nonce)[0]
            return try client.call("POST", "/v1/members", json: TransactionsRequest(transactions: [Data(tx.encoded)]), as: Receipt.self)
        }
    }

    /// `vault member add`.
    public func add(_ member: Member) throws -> Receipt { try submit(.memberAdded(MemberAdded(member: member))) }

    /// `vault member revoke`: the node refuses the member's requests from the next block on.
    public func revoke(_ memberID: String, reason: String) throws -> Receipt {
        try submit(.memberRemoved(try MemberRemoved(memberID: memberID, reason: reason)))
    }
}
