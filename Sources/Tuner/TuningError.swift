import ABE

/// Refusals of the tuner's inputs (a policy itself is checked by `Policy`).
public enum TuningError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidBudget(String)
    case unknownStrategy(String)
    case unknownScheme(String)
    case invalidCorpus(String)

    public var description: String {
        switch self {
        case .invalidBudget(let text):
            "invalid budget \"\(text)\": give a positive number of evaluations (2000), a time (50ms, 2s), or both (2000,50ms)"
        case .unknownStrategy(let name):
            "unknown strategy \"\(name)\"; choose from \(Strategy.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownScheme(let name):
            "unknown scheme \"\(name)\"; choose from \(SchemeID.allCases.map(\.description).joined(separator: ", "))"
        case .invalidCorpus(let message):
            message
        }
    }
}
