/// The versioned binary record container (all integers big-endian).
/// Version 2, written since issue 13:
///
///     header   "RVAB" ‖ version 2 ‖ scheme ‖ curve (1 = BLS12-381) ‖ flags (0)
///              ‖ authority fingerprint (8)
///              ‖ u32 policy length ‖ policy (`PolicyEncoding`, binary)
///              ‖ u32 KEM length ‖ KEM (scheme ciphertext ‖ 32-byte masked seed)
///     AEAD     u32 chunk size ‖ 12-byte nonce prefix ‖ u64 record length
///              ‖ chunks: AES-256-GCM(chunk) ‖ 16-byte tag, each chunk ≤ chunk size
///
/// Version 1 (still opened) stored the policy as bit-level canonical text,
/// then a u32-prefixed copy of the policy as written (flag bit 0) before the KEM.
///
/// Chunk i is sealed with nonce = prefix ⊕ i and associated data
/// SHA-256(header ‖ AEAD preamble) ‖ u64 i ‖ final flag, so that any change
/// to the header or policy, and any truncation, reordering or extension of
/// the body, fails authentication. `CiphertextSize` gives the same sizes.
public struct ContainerHeader: Sendable, Equatable {
    public static let magic = Array("RVAB".utf8)
    /// The version written.
    public static let version: UInt8 = 2
    /// Bit-level policy text and the policy as written (issue 13 replaced it).
    public static let textPolicyVersion: UInt8 = 1
    public static let curveBLS12381: UInt8 = 1

    /// The policy the KEM was made under, as the container stores it.
    public enum StoredPolicy: Sendable, Equatable {
        /// Version 2: `PolicyEncoding` bytes.
        case binary([UInt8])
        /// Version 1: bit-level canonical text.
        case text(String)

        var byteCount: Int {
            switch self {
            case .binary(let bytes): bytes.count
            case .text(let text): text.utf8.count
            }
        }
    }

    public let scheme: SchemeID
    public let authorityFingerprint: [UInt8]
    public let storedPolicy: StoredPolicy
    /// Version 1 only: the policy as its author wrote it, when the stored one was tuned.
    public let writtenPolicy: String?
    public let kem: [UInt8]

    /// The format version this header is written in: 1 for a text policy, else 2.
    public var version: UInt8 {
        if case .text = storedPolicy { return Self.textPolicyVersion }
        return Self.version
    }

    /// A version 2 header for `policy`.
    public init(scheme: SchemeID, authorityFingerprint: [UInt8], policy: Policy, kem: [UInt8]) {
        self.init(scheme: scheme, authorityFingerprint: authorityFingerprint, storedPolicy: .binary(PolicyEncoding.encode(policy)),
                  writtenPolicy: nil, kem: kem)
    }

    /// Any header, as read (a written policy only with a text policy).
    public init(scheme: SchemeID, authorityFingerprint: [UInt8], storedPolicy: StoredPolicy, writtenPolicy: String?, kem: [UInt8]) {
        self.scheme = scheme
        self.authorityFingerprint = authorityFingerprint
        self.storedPolicy = storedPolicy
        self.writtenPolicy = writtenPolicy
        self.kem = kem
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(ContainerHeader.magic)
        w.u8(version)
        w.u8(scheme.rawValue)
        w.u8(ContainerHeader.curveBLS12381)
        w.u8(writtenPolicy == nil ? 0 : 1)
        w.raw(authorityFingerprint)
        switch storedPolicy {
        case .binary(let bytes):
            w.field(bytes)
        case .text(let text):
            w.string(text)
            w.string(writtenPolicy ?? "")
        }
        w.field(kem)
        return w.bytes
    }

    /// The stored policy, checked: decoded (version 2) or parsed (version 1)
    /// with `ContainerLimits.storedPolicyOptions`, no catalog.
    public func policy() throws(ContainerError) -> Policy {
        switch storedPolicy {
        case .binary(let bytes):
            do { return try PolicyEncoding.decode(bytes) } catch {
                throw .malformed(part: "policy \(error.part)", problem: error.problem)
            }
        case .text(let text):
            do { return try Policy(parsing: text, options: ContainerLimits.storedPolicyOptions) } catch {
                throw .malformed(part: "policy", problem: error.description)
            }
        }
    }

    static let maxPolicyBytes = ContainerLimits.maxPolicyBytes
    static let maxKEMBytes = ContainerLimits.maxKEMBytes

    /// The length-prefixed fields after the fixed 16 bytes, by version.
    static func variableParts(version: UInt8) -> [String] {
        version == textPolicyVersion ? ["policy", "policy as written", "KEM"] : ["policy", "KEM"]
    }

    static func decode(_ r: inout ByteReader) throws(ContainerError) -> ContainerHeader {
        do {
            guard r.remaining >= 4, try r.take(4, "magic") == magic else { throw ContainerError.notAContainer }
            let version = try r.u8("version")
            guard version == ContainerHeader.version || version == textPolicyVersion else { throw ContainerError.unsupportedVersion(version) }
            let schemeByte = try r.u8("scheme")
            guard let scheme = SchemeID(rawValue: schemeByte) else { throw ContainerError.unknownScheme(schemeByte) }
            let curve = try r.u8("curve")
            guard curve == curveBLS12381 else { throw ContainerError.unsupportedCurve(curve) }
            let flags = try r.u8("flags")
            let knownFlags: UInt8 = version == textPolicyVersion ? 1 : 0
            guard flags & ~knownFlags == 0 else { throw ContainerError.malformed(part: "flags", problem: "unknown flag bits \(flags)") }
            let fingerprint = try r.take(8, "authority fingerprint")
            if version == textPolicyVersion {
                let policy = try r.string("policy", limit: maxPolicyBytes)
                let written = try r.string("policy as written", limit: maxPolicyBytes)
                guard (flags & 1 == 1) == !written.isEmpty else {
                    throw ContainerError.malformed(part: "policy as written", problem: "does not match the header flags")
                }
                let kem = try r.field("KEM", limit: maxKEMBytes)
                return ContainerHeader(scheme: scheme, authorityFingerprint: fingerprint, storedPolicy: .text(policy),
                                       writtenPolicy: flags & 1 == 1 ? written : nil, kem: kem)
            }
            let policy = try r.field("policy", limit: maxPolicyBytes)
            let kem = try r.field("KEM", limit: maxKEMBytes)
            return ContainerHeader(scheme: scheme, authorityFingerprint: fingerprint, storedPolicy: .binary(policy),
                                   writtenPolicy: nil, kem: kem)
        } catch let e as ByteReaderError {
            throw e.containerError
        } catch let e as ContainerError {
            throw e
        } catch {
            throw .malformed(part: "header", problem: "\(error)")
        }
    }
}

/// The AEAD preamble that follows the header.
struct AEADPreamble: Equatable {
    static let bytes = 24
    let chunkSize: Int
    let noncePrefix: [UInt8]
    let recordLength: Int

    var encoded: [UInt8] {
        var w = ByteWriter()
        w.u32(chunkSize); w.raw(noncePrefix); w.u64(recordLength)
        return w.bytes
    }

    var chunkCount: Int { max(1, (recordLength + chunkSize - 1) / chunkSize) }

    static func decode(_ bytes: [UInt8]) throws(ContainerError) -> AEADPreamble {
        var r = ByteReader(bytes)
        do {
            let chunkSize = try r.u32("AEAD chunk size")
            guard chunkSize >= 1, chunkSize <= 1 << 24 else {
                throw ContainerError.malformed(part: "AEAD chunk size", problem: "\(chunkSize) is out of range")
            }
            let prefix = try r.take(12, "AEAD nonce")
            let length = try r.u64("AEAD record length")
            return AEADPreamble(chunkSize: chunkSize, noncePrefix: prefix, recordLength: length)
        } catch let e as ByteReaderError { throw e.containerError } catch let e as ContainerError { throw e } catch {
            throw .malformed(part: "AEAD preamble", problem: "\(error)")
        }
    }

    func nonce(_ index: Int) -> [UInt8] {
        var nonce = noncePrefix
        for k in 0..<8 { nonce[11 - k] ^= UInt8((index >> (8 * k)) & 0xff) }
        return nonce
    }

    static func associatedData(transcript: [UInt8], index: Int, final: Bool) -> [UInt8] {
        var w = ByteWriter()
        w.raw(transcript); w.u64(index); w.u8(final ? 1 : 0)
        return w.bytes
    }
}
