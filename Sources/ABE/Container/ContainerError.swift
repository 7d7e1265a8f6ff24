import VaultSupport

/// Why a container was refused. Every case names the part concerned.
public enum ContainerError: Error, CustomStringConvertible {
    case notAContainer
    case unsupportedVersion(UInt8)
    case unknownScheme(UInt8)
    case unsupportedCurve(UInt8)
    case malformed(part: String, problem: String)
    /// AES-GCM authentication failed: the record body was altered, truncated or reordered.
    case tamperedChunk(index: Int)
    case abe(ABEError)
    case io(String)

    public var description: String {
        switch self {
        case .notAContainer: "not a record-vault container (bad magic bytes)"
        case let .unsupportedVersion(v): "unsupported container format version \(v)"
        case let .unknownScheme(s): "unknown scheme identifier \(s) in the container header"
        case let .unsupportedCurve(c): "unsupported curve identifier \(c) in the container header"
        case let .malformed(part, problem): "malformed container \(DisplayText.escaped(part)): \(DisplayText.escaped(problem))"
        case let .tamperedChunk(index): "the sealed record failed authentication at chunk \(index + 1): it was altered, truncated or reordered"
        case let .abe(e): e.description
        case let .io(problem): DisplayText.escaped(problem)
        }
    }
}

extension ByteReaderError {
    var containerError: ContainerError { .malformed(part: part, problem: problem) }
}
