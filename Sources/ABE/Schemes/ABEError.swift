/// Why an ABE operation was refused. Each case names the problem and, where
/// a person can act on it, what to do.
public enum ABEError: Error, Equatable, Sendable, CustomStringConvertible {
    case policyNotSatisfied(needed: String)
    case policyTooRepetitive(attribute: String, occurrences: Int, bound: Int)
    case malformed(part: String, problem: String)
    case integrityCheckFailed
    case wrongScheme(expected: String, found: String)
    case keyFromAnotherAuthority
    case keyExpired(validUntil: String)

    public var description: String {
        switch self {
        case let .policyNotSatisfied(needed):
            "policy not satisfied: this key's attributes do not satisfy \(needed)"
        case let .policyTooRepetitive(attribute, occurrences, bound):
            "the policy uses \(attribute) \(occurrences) times, more than the key reuse bound of \(bound); rewrite the policy (try `vault tune`) or issue keys with a larger --reuse-bound"
        case let .malformed(part, problem):
            "malformed \(part): \(problem)"
        case .integrityCheckFailed:
            "the ciphertext failed its integrity check (it was altered or is not for this key)"
        case let .wrongScheme(expected, found):
            "scheme mismatch: expected \(expected), found \(found)"
        case .keyFromAnotherAuthority:
            "this key was issued by a different key authority than the one the record was encrypted for"
        case let .keyExpired(validUntil):
            "the key expired on \(validUntil); ask the key authority for a new one"
        }
    }
}

extension ByteReaderError {
    var abeError: ABEError { .malformed(part: part, problem: problem) }
}
