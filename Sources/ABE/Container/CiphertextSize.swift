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

    /// Fixed header of the version written: magic, version, scheme, curve,
    /// flags (8 bytes), the key authority's 8-byte fingerprint, and the
    /// lengths of the policy and the KEM part (4 each).
    public static let headerBytes = 8 + 8 + 4 + 4

    /// Fixed header bytes of a container version (version 1 had a third
    /// length field, for the policy as written).
    public static func headerBytes(version: UInt8) -> Int {
        version == ContainerHeader.textPolicyVersion ? headerBytes + 4 : headerBytes
    }

    /// Bytes the container stores for the policy: its binary encoding.
    public static func policyBytes(_ policy: Policy) -> Int {
        PolicyEncoding.encode(policy).count
    }

    /// The sealed record: chunk size, nonce prefix and record length
    /// (4 + 12 + 8), then each chunk of at most `ContainerFormat.chunkSize`
    /// bytes followed by its 16-byte tag (an empty record still has one chunk).
    public static func aeadBytes(recordBytes: Int) -> Int {
        let chunks = max(1, (recordBytes + chunkSize - 1) / chunkSize)
        return 24 + recordBytes + 16 * chunks
    }

    public static let chunkSize = 64 * 1024

    /// The whole container, from the LSSS rows, the most repeated
    /// attribute's occurrences, the policy's encoded bytes (`policyBytes`)
    /// and the record's length.
    public static func containerBytes(scheme: SchemeID, rows: Int, maxOccurrence: Int, policyBytes: Int,
                                      recordBytes: Int = 0) -> Int {
        headerBytes + policyBytes + kemBytes(scheme: scheme, rows: rows, maxOccurrence: maxOccurrence) + aeadBytes(recordBytes: recordBytes)
    }

    /// The whole container for `policy`.
    public static func containerBytes(scheme: SchemeID, policy: Policy, recordBytes: Int = 0) -> Int {
        let matrix = policy.lsss()
        return containerBytes(scheme: scheme, rows: matrix.rowCount, maxOccurrence: max(1, matrix.maxOccurrence),
                              policyBytes: policyBytes(policy), recordBytes: recordBytes)
    }
}
