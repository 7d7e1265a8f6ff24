import ABE
import Ledger

/// Why the vault refused to act. Every case names the reason and, where a
/// person can act on it, what to do.
public enum VaultError: Error, CustomStringConvertible {
    case noDataDirectory(String)
    case alreadyInitialized(String)
    case unknownRecord(String)
    case erased(record: String, on: String)
    case policyNotSatisfied(record: String, detail: String)
    case keyExpired(validUntil: String)
    case hashMismatch(record: String, expected: String, found: String)
    case blobMissing(record: String, sha256: String)
    case malformed(String)
    case policy(String)
    case ledger(String)
    case io(String)
    /// A key file or certificate that is forged, edited, foreign or expired.
    case keyRefused(String)
    /// The node refused the request (its problem document).
    case node(NodeProblem)
    /// The node could not be reached.
    case unreachable(String)

    public var description: String {
        switch self {
        case let .noDataDirectory(path):
            "no vault data directory at \(path); run `vault init` (or pass --data-dir / set VAULT_DATA_DIR)"
        case let .alreadyInitialized(path):
            "\(path) already holds a vault; refusing to overwrite anything (choose another --data-dir)"
        case let .unknownRecord(id):
            "unknown record \(id); `vault record list` shows the records"
        case let .erased(record, date):
            "record \(record) was erased on \(date); its ciphertext no longer exists"
        case let .policyNotSatisfied(record, detail):
            "access to \(record) denied: \(detail)"
        case let .keyExpired(validUntil):
            "the key expired on \(validUntil); ask the key authority for a new one"
        case let .hashMismatch(record, expected, found):
            "the stored ciphertext of \(record) does not match its anchor on the chain (expected SHA-256 \(expected.prefix(16))…, found \(found.prefix(16))…); the blob was altered, refusing it (the refusal is logged)"
        case let .blobMissing(record, sha):
            "the ciphertext of \(record) (SHA-256 \(sha.prefix(16))…) is missing from the blob store; run `vault doctor`"
        case let .malformed(what): "malformed input: \(what)"
        case let .policy(message): message
        case let .ledger(message): message
        case let .io(message): message
        case let .keyRefused(message): message
        case let .node(problem): "the node refused: \(problem.detail)"
        case let .unreachable(message): message
        }
    }
}

extension VaultError {
    static func from(_ error: LedgerError) -> VaultError { .ledger(error.description) }
}
