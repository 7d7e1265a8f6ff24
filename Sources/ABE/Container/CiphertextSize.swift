/// The exact size of a record container (see ContainerFormat.swift), computed
/// without encrypting. The tuner minimizes this; a test checks it against real
/// containers byte for byte.
public enum SchemeID: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case fabeo = 1
    case fame = 2

    public var description: String { self == .fabeo ? "fabeo" : "fame" }

    public init?(name: String) {
        switch name.lowercased() {
        case "fabeo": self = .fabeo
        case "fame": self = .fame
        default: return nil
        }
    }
}

public enum CiphertextSize {
    static let g1 = 48, g2 = 96

    /// Bytes of the KEM part for a policy with `rows` LSSS rows whose most
    /// repeated attribute occurs `maxOccurrence` times.
    /// FABEO: τ (2 bytes), C0, C1,1…C1,τ in G2, one G1 element per row.
    /// FAME: C0 (three G2 elements), three G1 elements per row.
    /// Both: the row count (4 bytes) and the 32-byte Fujisaki–Okamoto seed mask.
    public static func kemBytes(scheme: SchemeID, rows: Int, maxOccurrence: Int) -> Int {
        switch scheme {
        case .fabeo: 2 + (1 + maxOccurrence) * g2 + 4 + rows * g1 + 32
        case .fame: 3 * g2 + 4 + 3 * rows * g1 + 32
        }
    }

    /// Fixed header: magic, version, scheme, curve, flags (8 bytes), the key
    /// authority's 8-byte fingerprint, and the lengths of the policy, the
    /// policy as written, and the KEM part (4 each).
    public static let headerBytes = 8 + 8 + 4 + 4 + 4

    /// The sealed record: chunk size, nonce prefix and record length
    /// (4 + 12 + 8), then each chunk of at most `ContainerFormat.chunkSize`
    /// bytes followed by its 16-byte tag (an empty record still has one chunk).
    public static func aeadBytes(recordBytes: Int) -> Int {
        let chunks = max(1, (recordBytes + chunkSize - 1) / chunkSize)
        return 24 + recordBytes + 16 * chunks
    }

    public static let chunkSize = 64 * 1024

    /// The whole container. `policyTextBytes` is the UTF-8 length of the
    /// canonical policy stored in it; `writtenPolicyBytes` that of the policy
    /// as written, kept only when the tuner changed it (else 0).
    public static func containerBytes(scheme: SchemeID, rows: Int, maxOccurrence: Int, policyTextBytes: Int,
                                      writtenPolicyBytes: Int = 0, recordBytes: Int = 0) -> Int {
        headerBytes + policyTextBytes + writtenPolicyBytes
            + kemBytes(scheme: scheme, rows: rows, maxOccurrence: maxOccurrence) + aeadBytes(recordBytes: recordBytes)
    }
}
