import VaultSupport
import Foundation

/// What `vault inspect` shows: scheme, policy, rows and a byte breakdown,
/// read from the header without any key.
public struct ContainerInspection: Sendable {
    public struct Bytes: Sendable, Equatable {
        /// Fixed header fields (magic, version, scheme, curve, flags, authority fingerprint, length fields).
        public let header: Int
        /// The stored policy (binary encoding; version 1: bit-level text and
        /// the policy as written when it was tuned).
        public let policy: Int
        public let kem: Int
        /// The sealed record with its preamble, nonces and tags.
        public let aead: Int
        public let total: Int
    }

    public let scheme: SchemeID
    /// Container format version (2; 1 for containers written before issue 13).
    public let version: UInt8
    /// The policy the record is encrypted under, as canonical text
    /// (comparisons as comparisons; version 1: the bit-level text stored).
    public let policy: String
    /// Version 1 containers of tuned records only: the policy as written.
    public let writtenPolicy: String?
    /// The policy as the bit attributes it is encrypted under.
    public let compiledPolicy: String
    public let rows: Int
    public let authorityFingerprint: String
    public let recordBytes: Int
    public let bytes: Bytes

    public init(bytes container: [UInt8]) throws(ContainerError) {
        var reader = ByteReader(container)
        let header = try ContainerHeader.decode(&reader)
        let preamble = try AEADPreamble.decode(Array(container[reader.offset..<min(container.count, reader.offset + AEADPreamble.bytes)]))
        try self.init(header: header, preamble: preamble, totalBytes: container.count)
    }

    public init(path: String) throws(ContainerError) {
        // Only the header and preamble are read; the body may be gigabytes.
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .io("cannot read \(path)") }
        defer { try? handle.close() }
        if try Armor.isArmored(path: path) {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .io("cannot read \(path)") }
            try self.init(bytes: try Armor.decode(text))
            return
        }
        let total: Int
        do { total = Int(try handle.seekToEnd()); try handle.seek(toOffset: 0) } catch { throw .io("cannot read \(path)") }
        let head = [UInt8]((try? handle.read(upToCount: min(total, ContainerHeader.maxPolicyBytes * 2 + ContainerHeader.maxKEMBytes + 64 + AEADPreamble.bytes))) ?? Data())
        var reader = ByteReader(head)
        let header = try ContainerHeader.decode(&reader)
        let preamble = try AEADPreamble.decode(Array(head[reader.offset..<min(head.count, reader.offset + AEADPreamble.bytes)]))
        try self.init(header: header, preamble: preamble, totalBytes: total)
    }

    init(header: ContainerHeader, preamble: AEADPreamble, totalBytes: Int) throws(ContainerError) {
        scheme = header.scheme
        version = header.version
        let stored = try header.policy()
        policy = stored.canonicalText
        compiledPolicy = stored.compiled.canonicalText
        writtenPolicy = header.writtenPolicy
        authorityFingerprint = Hex.encode(header.authorityFingerprint)
        rows = stored.lsss().rowCount
        recordBytes = preamble.recordLength
        let policyBytes = header.storedPolicy.byteCount + (header.writtenPolicy?.utf8.count ?? 0)
        let fixed = CiphertextSize.headerBytes(version: header.version)
        let aead = totalBytes - fixed - policyBytes - header.kem.count
        bytes = Bytes(header: fixed, policy: policyBytes, kem: header.kem.count, aead: aead, total: totalBytes)
    }

    /// {"scheme", "version", "policy", "rows", "bytes": {"header", "policy", "kem", "aead", "total"}}.
    public var json: String { json(policy: policy) }

    /// The same, with `policy` shown as the caller chose (compiled, read back).
    public func json(policy: String) -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        return "{\"scheme\": \(quote(scheme.description)), \"version\": \(version), \"policy\": \(quote(policy)), \"rows\": \(rows), "
            + "\"bytes\": {\"header\": \(bytes.header), \"policy\": \(bytes.policy), \"kem\": \(bytes.kem), "
            + "\"aead\": \(bytes.aead), \"total\": \(bytes.total)}}"
    }
}
