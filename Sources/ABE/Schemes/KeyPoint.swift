import BLS12381

/// A G1 point of a user key (FABEO's K_y, FAME's K_{y,c,t}), kept as its
/// 48-byte compressed encoding when read from a file and decoded, with the
/// curve and subgroup checks, only when a decryption uses it.
///
/// Why: a key holds up to `ContainerLimits.maxKeyComponents` components
/// (FAME: three points each), and decoding one costs a square root and a
/// subgroup test, about 0.1 ms here, so decoding a FAME key of 512 copies
/// took 180 ms before a component altered at the end was refused; a
/// decryption uses only the few its rows need. Every point that is used is
/// still checked before use; an unused one never enters any computation.
/// The flag bits are checked when reading (the file is refused there if a
/// component is not a compressed, non-identity point).
struct KeyPoint: Sendable {
    private enum Storage: Sendable {
        case point(G1Point)
        case encoded([UInt8])
    }

    private let storage: Storage

    init(_ point: G1Point) { storage = .point(point) }

    /// Takes `bytes` as they stand in a key file: only the length and flag
    /// bits are checked here (compressed, not the identity).
    init(encoded bytes: [UInt8], part: String) throws(ABEError) {
        guard bytes.count == 48 else { throw .malformed(part: part, problem: "needs 48 bytes, found \(bytes.count)") }
        // The compression and infinity flags are the encoding's format, public
        // as in `PointFlags.read`; the sign flag (0x20) is part of the secret
        // y and stays out of this branch.
        let flags = ConstantTime.declassify(bytes[0] & 0xc0)
        guard flags == 0x80 else {
            throw .malformed(part: part, problem: "not a compressed non-identity point (compression and infinity flags \(String(flags >> 6, radix: 2)))")
        }
        storage = .encoded(bytes)
    }

    /// The point, decoded and checked (canonical x, curve, subgroup) if it was read from a file.
    func point(_ part: @autoclosure () -> String) throws(ABEError) -> G1Point {
        switch storage {
        case .point(let p): return p
        case .encoded(let bytes): return try decodeG1(bytes, part())
        }
    }

    /// The 48-byte encoding, as read or as computed.
    var compressed: [UInt8] {
        switch storage {
        case .point(let p): return p.compressed()
        case .encoded(let bytes): return bytes
        }
    }
}
