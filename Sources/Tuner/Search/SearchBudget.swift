import Foundation

/// How long a search may run: a number of ordering evaluations per search
/// (reproducible: the same seed gives the same result on any machine), and
/// optionally a wall-clock limit for the whole tuning (not reproducible
/// across machines, so it is off unless asked for).
public struct SearchBudget: Hashable, Sendable, CustomStringConvertible {
    public var evaluations: Int
    public var time: Duration?

    public init(evaluations: Int = SearchBudget.defaultEvaluations, time: Duration? = nil) {
        self.evaluations = evaluations
        self.time = time
    }

    public static let defaultEvaluations = 2_000
    public static let standard = SearchBudget()

    /// Reads `2000` (evaluations), `50ms`, `2s`, or both as `2000,50ms`.
    public init(parsing text: String) throws(TuningError) {
        var evaluations: Int?
        var time: Duration?
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for part in parts {
            if let number = Int(part) {
                guard number > 0, evaluations == nil else { throw TuningError.invalidBudget(text) }
                evaluations = number
            } else if let duration = Self.duration(part) {
                guard time == nil else { throw TuningError.invalidBudget(text) }
                time = duration
            } else {
                throw TuningError.invalidBudget(text)
            }
        }
        guard evaluations != nil || time != nil else { throw TuningError.invalidBudget(text) }
        // A time limit alone still needs an evaluation cap to stay finite.
        self.init(evaluations: evaluations ?? (time == nil ? Self.defaultEvaluations : 1_000_000), time: time)
    }

    private static func duration(_ text: String) -> Duration? {
        for (suffix, scale) in [("ms", 1), ("s", 1_000)] where text.hasSuffix(suffix) {
            guard let value = Int(text.dropLast(suffix.count)), value > 0, value <= 86_400_000 / scale else { return nil }
            return .milliseconds(value * scale)
        }
        return nil
    }

    public var description: String {
        let count = "\(evaluations) evaluations"
        guard let time else { return count }
        return "\(count), \(time.components.seconds * 1000 + time.components.attoseconds / 1_000_000_000_000_000) ms"
    }
}
