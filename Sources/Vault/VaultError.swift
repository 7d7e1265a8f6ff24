import ABE
import Ledger

/// Why the vault refused to act: the cause and its parts, in words that
/// hold for any caller. What to type next is the caller's to say (the CLI
/// adds its hints in `VaultCLI`; the node answers with problem documents).
public enum VaultError: Error, CustomStringConvertible {
    /// No node or party folder at the path; `missing` names what is absent there.
    case noDataDirectory(String, missing: String? = nil)
    case alreadyInitialized(String)
    case policyNotSatisfied(record: String, detail: String)
    case keyExpired(validUntil: String)
    case hashMismatch(record: String, expected: String, found: String)
    case malformed(String)
    case policy(String)
    /// `vault doctor --repair` declined to delete anything.
    case repairRefused(String)
    case io(String)
    /// A key file or certificate that is forged, edited, foreign or expired.
    case keyRefused(String)
    /// The node refused the request (its problem document).
    case node(NodeProblem)
    /// The node could not be reached.
    case unreachable(String)

    public var description: String {
        switch self {
        case let .noDataDirectory(path, missing):
            "no vault data directory at \(path)" + (missing.map { " (\($0))" } ?? "")
        case let .alreadyInitialized(path):
            "\(path) already holds a vault; refusing to overwrite anything"
        case let .policyNotSatisfied(record, detail):
            "access to \(record) denied: \(detail)"
        case let .keyExpired(validUntil):
            "the key expired on \(validUntil); ask the key authority for a new one"
        case let .hashMismatch(record, expected, found):
            "the stored ciphertext of \(record) does not match its anchor on the chain (expected SHA-256 \(expected.prefix(16))…, found \(found.prefix(16))…); the blob was altered, refusing it (the refusal is logged)"
        case let .malformed(what): "malformed input: \(what)"
        case let .policy(message): message
        case let .repairRefused(reason): "refusing to repair: \(reason)"
        case let .io(message): message
        case let .keyRefused(message): message
        case let .node(problem): "the node refused: \(problem.detail)"
        case let .unreachable(message): message
        }
    }
}

