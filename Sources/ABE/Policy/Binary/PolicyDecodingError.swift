import VaultSupport

/// Why a binary policy encoding was refused: the part of the encoding
/// (`keys`, `key 3`, `atoms`, `tree`, …) and what is wrong with it.
public struct PolicyDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public let part: String
    public let problem: String

    public init(part: String, problem: String) {
        self.part = part
        self.problem = problem
    }

    public var description: String { "\(DisplayText.escaped(part)): \(DisplayText.escaped(problem))" }
}
