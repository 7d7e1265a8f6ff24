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
        }
    }

    public var description: String {
        switch self {
        case .unknownMember(let id):
            "unknown member '\(id)'"
        case .memberRemoved(let id, let height):
            "member '\(id)' was removed at height \(height)"
        case .wrongRole(let member, let action, let allowed):
            "wrong role: member '\(member)' may not \(action) (needs one of: \(allowed.map(\.name).joined(separator: ", ")))"
        case .badSignature(let what):
            "bad signature: \(what)"
        case .replayedNonce(let member, let nonce, let last):
            "replayed nonce: member '\(member)' used nonce \(nonce) but its last nonce is \(last)"
        case .malformedEncoding(let what):
            "malformed encoding: \(what)"
        case .governance(let what):
            "governance rule not met: \(what)"
        case .invalidTransaction(let what):
            "invalid transaction: \(what)"
        case .brokenChain(let what):
            "broken chain: \(what)"
        case .storage(let what):
            "storage error: \(what)"
        case .invalidInput(let what):
            "invalid input: \(what)"
        case .notFound(let what):
            "not found: \(what)"
        case .conflict(let what):
            "conflict: \(what)"
        case .cryptoFailure(let what):
            "cryptography failure: \(what)"
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
