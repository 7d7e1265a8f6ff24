import Foundation
import Ledger

/// An admin's membership changes, sent through the node. With several
/// admins a change needs a majority of them: the proposing admin writes a
/// proposal (`propose`), the others approve it offline (`approve`), and the
/// proposer submits it with their approvals (`submit(proposal:)`).
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

    /// A membership change for the other admins to approve, with the nonce
    /// and time this admin will submit it under.
    public func propose(_ payload: TransactionPayload) throws -> TransactionBody {
        guard payload.kind == .memberAdded || payload.kind == .memberRemoved else {
            throw VaultError.malformed("only MemberAdded and MemberRemoved are proposed for approval")
        }
        return try TransactionBody(chainID: chainID, submitter: client.identity.memberID, nonce: ClientNonce.next(),
                                   time: LedgerClock.nowMillis(), payload: payload)
    }

    /// `vault member approve`: this admin's approval added to `proposal`, offline.
    public static func approve(_ proposal: TransactionBody, as admin: Identity) throws -> TransactionBody {
        guard proposal.submitter != admin.memberID else {
            throw VaultError.malformed("\(admin.memberID) proposed this change; its submission counts as its approval")
        }
        return try proposal.adding(approvals: [try Governance.approve(proposal, as: admin)])
    }

    /// `vault member submit`: the proposal with its approvals, signed by this admin, its proposer.
    public func submit(proposal: TransactionBody) throws -> Receipt {
        guard proposal.submitter == client.identity.memberID else {
            throw VaultError.malformed("the proposal is to be submitted by \(proposal.submitter), not \(client.identity.memberID)")
        }
        guard proposal.chainID == chainID else { throw VaultError.malformed("the proposal is for another chain") }
        let tx = try proposal.signed(with: client.identity.key)
        return try client.call("POST", "/v1/members", json: TransactionsRequest(transactions: [Data(tx.encoded)]), as: Receipt.self)
    }

    /// `vault member revoke`: the node refuses the member's requests from the next block on.
    public func revoke(_ memberID: String, reason: String) throws -> Receipt {
        try submit(.memberRemoved(try MemberRemoved(memberID: memberID, reason: reason)))
    }
}
