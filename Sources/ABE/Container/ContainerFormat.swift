/// The versioned binary record container (all integers big-endian):
///
///     header   "RVAB" ‖ version 1 ‖ scheme ‖ curve (1 = BLS12-381) ‖ flags
///              ‖ authority fingerprint (8)
///              ‖ u32 policy length ‖ policy (bit-level canonical text, UTF-8)
///              ‖ u32 length ‖ policy as written (only when the tuner changed it; flag bit 0)
///              ‖ u32 KEM length ‖ KEM (scheme ciphertext ‖ 32-byte masked seed)
///     AEAD     u32 chunk size ‖ 12-byte nonce prefix ‖ u64 record length
///              ‖ chunks: AES-256-GCM(chunk) ‖ 16-byte tag, each chunk ≤ chunk size
///
/// Chunk i is sealed with nonce = prefix ⊕ i and associated data
/// SHA-256(header ‖ AEAD preamble) ‖ u64 i ‖ final flag, so that any change
/// to the header or policy, and any truncation, reordering or extension of
/// the body, fails authentication. `CiphertextSize` gives the same sizes.
public struct ContainerHeader: Sendable, Equatable {
    public static let magic = Array("RVAB".utf8)
    public static let version: UInt8 = 1
    public static let curveBLS12381: UInt8 = 1

    public let scheme: SchemeID
    public let authorityFingerprint: [UInt8]
    /// The bit-level canonical policy the KEM was made under.
    public let policyText: String
    /// The policy as its author wrote it, when the stored one was tuned.
    public let writtenPolicy: String?
    public let kem: [UInt8]

    public init(scheme: SchemeID, authorityFingerprint: [UInt8], policyText: String, writtenPolicy: String?, kem: [UInt8]) {
        self.scheme = scheme
        self.authorityFingerprint = authorityFingerprint
        self.policyText = policyText
        self.writtenPolicy = writtenPolicy
        self.kem = kem
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(ContainerHeader.magic)
        w.u8(ContainerHeader.version)
        w.u8(scheme.rawValue)
        w.u8(ContainerHeader.curveBLS12381)
        w.u8(writtenPolicy == nil ? 0 : 1)
        w.raw(authorityFingerprint)
        w.string(policyText)
        w.string(writtenPolicy ?? "")
        w.field(kem)
        return w.bytes
    }

    static let maxPolicyBytes = ContainerLimits.maxPolicyBytes
    static let maxKEMBytes = ContainerLimits.maxKEMBytes

    static func decode(_ r: inout ByteReader) throws(ContainerError) -> ContainerHeader {
        do {
            guard r.remaining >= 4, try r.take(4, "magic") == magic else { throw ContainerError.notAContainer }
            let version = try r.u8("version")
            guard version == ContainerHeader.version else { throw ContainerError.unsupportedVersion(version) }
            let schemeByte = try r.u8("scheme")
            guard let scheme = SchemeID(rawValue: schemeByte) else { throw ContainerError.unknownScheme(schemeByte) }
            let curve = try r.u8("curve")
            guard curve == curveBLS12381 else { throw ContainerError.unsupportedCurve(curve) }
            let flags = try r.u8("flags")
            guard flags & ~1 == 0 else { throw ContainerError.malformed(part: "flags", problem: "unknown flag bits \(flags)") }
            let fingerprint = try r.take(8, "authority fingerprint")
            let policy = try r.string("policy", limit: maxPolicyBytes)
            let written = try r.string("policy as written", limit: maxPolicyBytes)
            guard (flags & 1 == 1) == !written.isEmpty else {
                throw ContainerError.malformed(part: "policy as written", problem: "does not match the header flags")
            }
            let kem = try r.field("KEM", limit: maxKEMBytes)
            return ContainerHeader(scheme: scheme, authorityFingerprint: fingerprint, policyText: policy,
                                   writtenPolicy: flags & 1 == 1 ? written : nil, kem: kem)
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
