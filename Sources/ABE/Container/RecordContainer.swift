import Foundation
import VaultSupport

/// Sealing and opening whole records: ABE-KEM for a fresh data key, then
/// AES-256-GCM over 64 KiB chunks, streamed so that records of any size use
/// bounded memory. Output goes to a temporary file that is renamed into place
/// only when everything succeeded, so a failure never leaves partial output.
public enum RecordContainer {
    /// What was written or read.
    public struct Summary: Sendable {
        public let header: ContainerHeader
        public let recordBytes: Int
        public let containerBytes: Int
    }

    // MARK: In memory

    /// Seals `record` under `policy`; the container stores that policy and
    /// nothing else about it (a tuned policy's written form belongs elsewhere).
    public static func seal(_ record: [UInt8], publicParameters: PublicParameters, policy: Policy) throws(ContainerError) -> [UInt8] {
        var output = [UInt8]()
        var offset = 0
        _ = try seal(recordLength: record.count, read: { max in
            let chunk = Array(record[offset..<min(record.count, offset + max)]); offset += chunk.count; return chunk
        }, write: { output += $0 }, publicParameters: publicParameters, policy: policy)
        return output
    }

    public static func open(_ container: [UInt8], key: UserSecretKey) throws(ContainerError) -> [UInt8] {
        var output = [UInt8]()
        var offset = 0
        _ = try open(read: { max in
            let chunk = Array(container[offset..<min(container.count, offset + max)]); offset += chunk.count; return chunk
        }, write: { output += $0 }, key: key)
        return output
    }

    // MARK: Files

    public static func seal(inputPath: String, outputPath: String, publicParameters: PublicParameters, policy: Policy,
                            overwrite: Bool = false) throws(ContainerError) -> Summary {
        guard let input = FileHandle(forReadingAtPath: inputPath) else { throw .io("cannot read \(inputPath)") }
        defer { try? input.close() }
        let length: Int
        do { length = Int(try input.seekToEnd()); try input.seek(toOffset: 0) } catch { throw .io("cannot read \(inputPath): \(error.localizedDescription)") }
        return try writeAtomically(outputPath, overwrite: overwrite) { write throws(ContainerError) in
            try seal(recordLength: length, read: { max throws(ContainerError) in
                do { return [UInt8](try input.read(upToCount: max) ?? Data()) } catch { throw .io("cannot read \(inputPath): \(error.localizedDescription)") }
            }, write: write, publicParameters: publicParameters, policy: policy)
        }
    }

    public static func open(inputPath: String, outputPath: String, key: UserSecretKey, overwrite: Bool = false) throws(ContainerError) -> Summary {
        guard let input = FileHandle(forReadingAtPath: inputPath) else { throw .io("cannot read \(inputPath)") }
        defer { try? input.close() }
        var read: (Int) throws(ContainerError) -> [UInt8] = { max throws(ContainerError) in
            do { return [UInt8](try input.read(upToCount: max) ?? Data()) } catch { throw .io("cannot read \(inputPath): \(error.localizedDescription)") }
        }
        if try Armor.isArmored(path: inputPath) {
            let text: String
            do { text = try String(contentsOfFile: inputPath, encoding: .utf8) } catch { throw .io("cannot read \(inputPath)") }
            let bytes = try Armor.decode(text)
            var offset = 0
            read = { max in let chunk = Array(bytes[offset..<min(bytes.count, offset + max)]); offset += chunk.count; return chunk }
        }
        let reader = read
        return try writeAtomically(outputPath, overwrite: overwrite) { write throws(ContainerError) in
            try open(read: reader, write: write, key: key)
        }
    }

    static func writeAtomically(_ path: String, overwrite: Bool,
                                _ body: (_ write: ([UInt8]) throws(ContainerError) -> Void) throws(ContainerError) -> Summary) throws(ContainerError) -> Summary {
        let temporary: AtomicFile.Temporary
        do { temporary = try AtomicFile.makeTemporary(besides: path, secret: true) } catch { throw .io(error.description) }
        do throws(ContainerError) {
            let summary = try body { bytes throws(ContainerError) in
                do { try temporary.handle.write(contentsOf: Data(bytes)) } catch { throw .io("cannot write \(path): \(error.localizedDescription)") }
            }
            do { try AtomicFile.commit(temporary, to: path, overwrite: overwrite) } catch { throw ContainerError.io(error.description) }
            return summary
        } catch {
            try? temporary.handle.close()
            unlink(temporary.path)
            throw error
        }
    }

    // MARK: Core

    static func seal(recordLength: Int, read: (Int) throws(ContainerError) -> [UInt8], write: ([UInt8]) throws(ContainerError) -> Void,
                     publicParameters pp: PublicParameters, policy: Policy) throws(ContainerError) -> Summary {
        let kem: [UInt8], dataKey: [UInt8]
        do { (kem, dataKey) = try RecordKEM.encapsulate(publicParameters: pp, policy: policy) } catch { throw .abe(error) }
        let header = ContainerHeader(scheme: pp.scheme, authorityFingerprint: pp.fingerprint, policy: policy, kem: kem)
        guard header.storedPolicy.byteCount <= ContainerHeader.maxPolicyBytes else {
            throw .malformed(part: "policy", problem: "its encoding of \(header.storedPolicy.byteCount) bytes exceeds the limit of \(ContainerHeader.maxPolicyBytes)")
        }
        // Refuse here what opening would refuse (a tree built in code can
        // hold what no stored policy may, e.g. a bit position past 61), so
        // that every container written can be opened.
        guard (try? header.policy()) == policy else {
            throw .malformed(part: "policy", problem: "it cannot be stored: its binary encoding does not read back to the same policy")
        }
        let preamble = AEADPreamble(chunkSize: CiphertextSize.chunkSize, noncePrefix: SecureRandom.bytes(12), recordLength: recordLength)
        let headerBytes = header.encoded()
        try write(headerBytes)
        try write(preamble.encoded)
        let transcript = Digest.sha256(headerBytes + preamble.encoded)
        var written = headerBytes.count + AEADPreamble.bytes
        var remaining = recordLength
        for index in 0..<preamble.chunkCount {
            let want = min(preamble.chunkSize, remaining)
            var plaintext = [UInt8]()
            while plaintext.count < want {
                let piece = try read(want - plaintext.count)
                guard !piece.isEmpty else { throw .io("the input ended early (it changed while being encrypted?)") }
                plaintext += piece
            }
            remaining -= want
            let final = index == preamble.chunkCount - 1
            let sealed = AESGCM.seal(plaintext, key: dataKey, nonce: preamble.nonce(index),
                                     associatedData: AEADPreamble.associatedData(transcript: transcript, index: index, final: final))
            try write(sealed)
            written += sealed.count
        }
        return Summary(header: header, recordBytes: recordLength, containerBytes: written)
    }

    static func open(read: (Int) throws(ContainerError) -> [UInt8], write: ([UInt8]) throws(ContainerError) -> Void,
                     key: UserSecretKey) throws(ContainerError) -> Summary {
        func readExactly(_ n: Int, _ part: String) throws(ContainerError) -> [UInt8] {
            var out = [UInt8]()
            while out.count < n {
                let piece = try read(n - out.count)
                guard !piece.isEmpty else { throw .malformed(part: part, problem: "truncated: needs \(n) bytes, found \(out.count)") }
                out += piece
            }
            return out
        }
        // The header's length is only known while reading it: read its fixed
        // part, then its length-prefixed fields (three in version 1, two since).
        var headerBytes = try readExactly(16, "header")
        guard Array(headerBytes.prefix(4)) == ContainerHeader.magic else { throw .notAContainer }
        let version = headerBytes[4]
        guard version == ContainerHeader.version || version == ContainerHeader.textPolicyVersion else { throw .unsupportedVersion(version) }
        for part in ContainerHeader.variableParts(version: version) {
            let lengthBytes = try readExactly(4, "\(part) length")
            let length = lengthBytes.reduce(0) { $0 << 8 | Int($1) }
            let limit = part == "KEM" ? ContainerHeader.maxKEMBytes : ContainerHeader.maxPolicyBytes
            guard length <= limit else { throw .malformed(part: part, problem: "length \(length) exceeds the limit of \(limit)") }
            headerBytes += lengthBytes + (try readExactly(length, part))
        }
        var reader = ByteReader(headerBytes)
        let header = try ContainerHeader.decode(&reader)
        let pp = key.publicParameters
        guard header.scheme == pp.scheme else { throw .abe(.wrongScheme(expected: header.scheme.description, found: pp.scheme.description)) }
        guard header.authorityFingerprint == pp.fingerprint else { throw .abe(.keyFromAnotherAuthority) }
        let dataKey: [UInt8]
        switch header.storedPolicy {
        case .binary(let encoding):
            let policy = try header.policy()
            do { dataKey = try RecordKEM.decapsulate(key: key, policy: policy, policyEncoding: encoding, kem: header.kem) } catch { throw .abe(error) }
        case .text(let text):
            do { dataKey = try RecordKEM.decapsulate(key: key, policyText: text, kem: header.kem) } catch { throw .abe(error) }
        }
        let preambleBytes = try readExactly(AEADPreamble.bytes, "AEAD preamble")
        let preamble = try AEADPreamble.decode(preambleBytes)
        let transcript = Digest.sha256(headerBytes + preambleBytes)
        var remaining = preamble.recordLength
        var total = headerBytes.count + AEADPreamble.bytes
        for index in 0..<preamble.chunkCount {
            let want = min(preamble.chunkSize, remaining)
            let sealed = try readExactly(want + AESGCM.tagBytes, "AEAD chunk \(index + 1)")
            let final = index == preamble.chunkCount - 1
            guard let plaintext = AESGCM.open(sealed, key: dataKey, nonce: preamble.nonce(index),
                                              associatedData: AEADPreamble.associatedData(transcript: transcript, index: index, final: final))
            else { throw .tamperedChunk(index: index) }
            try write(plaintext)
            remaining -= want
            total += sealed.count
        }
        guard try read(1).isEmpty else { throw .malformed(part: "AEAD part", problem: "unexpected trailing bytes after the final chunk") }
        return Summary(header: header, recordBytes: preamble.recordLength, containerBytes: total)
    }
}
