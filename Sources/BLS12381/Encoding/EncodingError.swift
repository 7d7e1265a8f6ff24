/// Why bytes from outside were refused. Every decoder in this module throws
/// one of these instead of crashing or silently reducing.
public enum EncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(expected: Int, actual: Int)
    case badFlags
    case coordinateNotCanonical
    case notOnCurve
    case notInSubgroup
    case identityNotAllowed
    case scalarOutOfRange

    public var description: String {
        switch self {
        case let .wrongLength(expected, actual): "wrong length: expected \(expected) bytes, got \(actual)"
        case .badFlags: "invalid flag bits in the first byte"
        case .coordinateNotCanonical: "a coordinate is not below the field modulus"
        case .notOnCurve: "the point is not on the curve"
        case .notInSubgroup: "the point is not in the prime-order subgroup"
        case .identityNotAllowed: "the point at infinity is not allowed here"
        case .scalarOutOfRange: "the scalar is not below the group order r"
        }
    }
}
