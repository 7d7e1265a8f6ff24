import ABE

/// A bound no equivalent formula can beat. Every attribute the function
/// depends on (an essential attribute: flipping it alone changes the
/// outcome for some key) must label at least one row, so the number of
/// essential attributes bounds the rows from below; a formula that reaches
/// it uses each attribute once (it is read-once) and no formula has fewer
/// rows. The byte bound adds what those rows cost at the least: one
/// occurrence each, and a policy encoding of at least three bits per
/// attribute (the cheapest atom, a bit of a key's only entry, takes a
/// position and a value bit, and its leaf at least one bit).
public struct LowerBound: Hashable, Sendable {
    /// Essential bit-level attributes of the tuned policy's function.
    public let rows: Int
    /// Container bytes no formula for that function goes below.
    public let bytes: Int
    public let essentialAttributes: [Attribute]

    init(essentialAttributes: [Attribute], objective: SizeObjective) {
        let n = essentialAttributes.count
        self.rows = n
        self.bytes = objective.bytes(rows: n, maxOccurrence: min(1, n), policyBytes: max(1, (3 * n + 7) / 8))
        self.essentialAttributes = essentialAttributes
    }
}

/// What the tuner can say about how small its result is.
public enum Optimality: Hashable, Sendable {
    /// The rows reach the lower bound: every essential attribute once.
    case readOnce
    /// The formula costs what the exact minimum costs (at most five attributes).
    case exactMinimum
    /// Larger than the exact minimum by this many bytes.
    case aboveExactMinimum(bytes: Int)
    /// Neither bound is reached, and the exact minimum was not computed.
    case unknown

    public var isOptimal: Bool {
        switch self {
        case .readOnce, .exactMinimum: true
        case .aboveExactMinimum, .unknown: false
        }
    }

    public var summary: String {
        switch self {
        case .readOnce: "optimal (read-once: every attribute once)"
        case .exactMinimum: "optimal (equals the exact minimum)"
        case .aboveExactMinimum(let bytes): "not optimal: \(bytes) bytes above the exact minimum"
        case .unknown: "not proven optimal"
        }
    }
}
