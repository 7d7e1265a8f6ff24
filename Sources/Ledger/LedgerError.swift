import VaultSupport
/// Every refusal the ledger makes, each naming its reason. `code` is a stable
/// machine-readable name; `description` is the sentence shown to people.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The submitter, sealer or approver is not a member of the chain.
    case unknownMember(String)
    /// The member existed but was removed at the given height.
    case memberRemoved(String, removedAt: UInt64)
    /// The member lacks every role that the action allows.
    case wrongRole(member: String, action: String, allowed: [Role])
    case badSignature(String)
    case replayedNonce(member: String, nonce: UInt64, lastUsed: UInt64)
    case malformedEncoding(String)
    /// A membership change without a valid majority of admin approvals, or
    /// one that would leave the chain without an admin or a validator.
    case governance(String)
    /// A well-formed, well-signed transaction whose content breaks a rule
    /// (wrong chain, digest that does not match, time out of range).
    case invalidTransaction(String)
    /// Blocks that do not link: height, previous hash, Merkle root, time.
    case brokenChain(String)
    case storage(String)
    case invalidInput(String)
    case notFound(String)
    case conflict(String)
    case cryptoFailure(String)
    /// The block orderer (an etcd cluster) cannot be reached or has no
    /// quorum; the write's outcome may be unknown until it can.
    case unavailable(String)

    public var code: String {
        switch self {
        case .unknownMember: "unknown-member"
        case .memberRemoved: "member-removed"
        case .wrongRole: "wrong-role"
        case .badSignature: "bad-signature"
        case .replayedNonce: "replayed-nonce"
        case .malformedEncoding: "malformed-encoding"
        case .governance: "governance"
        case .invalidTransaction: "invalid-transaction"
        case .brokenChain: "broken-chain"
        case .storage: "storage"
        case .invalidInput: "invalid-input"
        case .notFound: "not-found"
        case .conflict: "conflict"
        case .cryptoFailure: "crypto-failure"
        case .unavailable: "unavailable"
        }
    }

    /// Ids and reasons may come from outside (files, the chain): they are
    /// shown with control and invisible characters escaped (DisplayText).
    public var description: String {
        func e(_ text: String) -> String { DisplayText.escaped(text) }
        return switch self {
        case .unknownMember(let id):
            "unknown member '\(e(id))'"
        case .memberRemoved(let id, let height):
            "member '\(e(id))' was removed at height \(height)"
        case .wrongRole(let member, let action, let allowed):
            "wrong role: member '\(e(member))' may not \(e(action)) (needs one of: \(allowed.map(\.name).joined(separator: ", ")))"
        case .badSignature(let what):
            "bad signature: \(e(what))"
        case .replayedNonce(let member, let nonce, let last):
            "replayed nonce: member '\(e(member))' used nonce \(nonce) but its last nonce is \(last)"
        case .malformedEncoding(let what):
            "malformed encoding: \(e(what))"
        case .governance(let what):
            "governance rule not met: \(e(what))"
        case .invalidTransaction(let what):
            "invalid transaction: \(e(what))"
        case .brokenChain(let what):
            "broken chain: \(e(what))"
        case .storage(let what):
            "storage error: \(e(what))"
        case .invalidInput(let what):
            "invalid input: \(e(what))"
        case .notFound(let what):
            "not found: \(e(what))"
        case .conflict(let what):
            "conflict: \(e(what))"
        case .cryptoFailure(let what):
            "cryptography failure: \(e(what))"
        case .unavailable(let what):
            "orderer unavailable: \(e(what))"
        }
    }
}

extension LedgerError {
    /// The ledger's reading of a failed atomic write: an existing file is a
    /// conflict (nothing is ever replaced), anything else a storage problem.
    static func from(_ error: AtomicFile.Error) -> LedgerError {
        switch error {
        case .exists: .conflict(error.description)
        case .io, .missingDirectory: .storage(error.description)
        case .notAFileName: .invalidInput(error.description)
        }
    }
}
