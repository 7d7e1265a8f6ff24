/// Membership changes need a majority of the admins active at that height.
/// The submitter (an admin) counts as one approval through its transaction
/// signature; the others sign an approval message each.
public enum Governance {
    /// The rule named in the genesis block. Only one exists today; the tag
    /// lets a future chain choose another without a new encoding version.
    public enum Rule: UInt8, Sendable {
        /// More than half of the active admins must approve a membership change.
        case adminMajority = 1

        public var name: String {
            switch self {
            case .adminMajority: "admin-majority"
            }
        }
    }

    /// Approvals needed, counting the submitter: strictly more than half.
    public static func requiredApprovals(activeAdmins: Int) -> Int { activeAdmins / 2 + 1 }

    /// What an admin signs to approve a membership change:
    ///
    ///     'A' 0x01 chainID[32] kind:u8 submitter:str nonce:u64 time:u64 action…
    ///
    /// It names the submitter and nonce, and a nonce is used once, so an
    /// approval can never be replayed onto another transaction. It leaves out
    /// the approvals themselves, so admins can sign in any order.
    public static func approvalMessage(for body: TransactionBody) -> [UInt8] {
        var w = CanonicalWriter()
        w.u8(EncodingTag.approval)
        w.u8(EncodingTag.version)
        w.digest(body.chainID)
        w.u8(body.kind.rawValue)
        w.string(body.submitter)
        w.u64(body.nonce)
        w.u64(body.time)
        body.payload.encodeGovernanceAction(to: &w)
        return w.bytes
    }

    /// An admin's approval of a proposed membership change.
    public static func approve(_ proposal: TransactionBody, as admin: Identity) throws -> Approval {
        guard proposal.kind == .memberAdded || proposal.kind == .memberRemoved else {
            throw LedgerError.invalidInput("only MemberAdded and MemberRemoved transactions take approvals")
        }
        return try Approval(adminID: admin.memberID, signature: admin.key.sign(approvalMessage(for: proposal)))
    }
}

extension TransactionBody {
    /// The same proposal with `approvals` attached (merged with those it had,
    /// one per admin), ready for the submitter to sign.
    public func adding(approvals added: [Approval]) throws -> TransactionBody {
        func merged(_ existing: [Approval]) throws -> [Approval] {
            var byAdmin: [String: Approval] = [:]
            for a in existing + added {
                if let other = byAdmin[a.adminID], other != a {
                    throw LedgerError.invalidInput("two different approvals from admin '\(a.adminID)'")
                }
                byAdmin[a.adminID] = a
            }
            return Array(byAdmin.values)
        }
        let payload: TransactionPayload
        switch self.payload {
        case .memberAdded(let p):
            payload = .memberAdded(MemberAdded(member: p.member, approvals: try merged(p.approvals)))
        case .memberRemoved(let p):
            payload = .memberRemoved(try MemberRemoved(memberID: p.memberID, reason: p.reason,
                                                        approvals: try merged(p.approvals)))
        default:
            throw LedgerError.invalidInput("only MemberAdded and MemberRemoved transactions take approvals")
        }
        return try TransactionBody(chainID: chainID, submitter: submitter, nonce: nonce, time: time, payload: payload)
    }
}
