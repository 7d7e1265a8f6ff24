import VaultSupport

/// Why an ABE operation was refused. Each case names the problem and, where
/// a person can act on it, what to do.
public enum ABEError: Error, Equatable, Sendable, CustomStringConvertible {
    case policyNotSatisfied(needed: String)
    case policyTooRepetitive(attribute: String, occurrences: Int, bound: Int)
    /// A FABEO policy naming one attribute more often than
    /// `ContainerLimits.maxFABEORepetitions` allows.
    case repetitionOverLimit(attribute: String, occurrences: Int, limit: Int)
    case malformed(part: String, problem: String)
    case integrityCheckFailed
    case wrongScheme(expected: String, found: String)
    case keyFromAnotherAuthority
    case keyExpired(validUntil: String)
    /// A key element that is the identity (or a zero scalar): with it the
    /// scheme's secrecy collapses, e.g. e(g,h)^α = 1 makes every session value 1.
    case degenerateKey(part: String)
    /// Key issuance refused: no attributes, hand-written bit attributes, a numeric key twice.
    case invalidAttributeSet(String)

    /// Policies, attribute names, parts and dates may come from outside (a
    /// container, a key file): shown with control and invisible characters escaped.
    public var description: String {
        func e(_ text: String) -> String { DisplayText.escaped(text) }
        return switch self {
        case let .policyNotSatisfied(needed):
            "policy not satisfied: this key's attributes do not satisfy \(e(needed))"
        case let .policyTooRepetitive(attribute, occurrences, bound):
            "the policy uses \(e(attribute)) \(occurrences) times, more than the key reuse bound of \(bound); rewrite the policy (try `vault tune`) or issue keys with a larger --reuse-bound"
        case let .repetitionOverLimit(attribute, occurrences, limit):
            "the policy uses \(e(attribute)) \(occurrences) times; a FABEO ciphertext carries one G2 point per use of its most repeated attribute and allows at most \(limit) (docs/ABE.md, Limits); rewrite the policy (try `vault tune`)"
        case let .malformed(part, problem):
            "malformed \(e(part)): \(e(problem))"
        case .integrityCheckFailed:
            "the ciphertext failed its integrity check (it was altered or is not for this key)"
        case let .wrongScheme(expected, found):
            "scheme mismatch: expected \(e(expected)), found \(e(found))"
        case .keyFromAnotherAuthority:
            "this key was issued by a different key authority than the one the record was encrypted for"
        case let .keyExpired(validUntil):
            "the key expired on \(e(validUntil)); ask the key authority for a new one"
        case let .degenerateKey(part):
            "degenerate \(e(part)): it is the identity element (or zero), which would let anyone decrypt; the key is refused"
        case let .invalidAttributeSet(problem):
            "cannot issue this key: \(e(problem))"
        }
    }
}

extension ByteReaderError {
    var abeError: ABEError { .malformed(part: part, problem: problem) }
}
