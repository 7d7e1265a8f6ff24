import Foundation
import VaultSupport

/// Ed25519 signatures this process has already verified (or made), so that
/// a node does not verify the same bytes several times on one request's
/// path: a reader's request signature is checked when the request arrives
/// and again as the evidence of its `AccessLogged`, both when the
/// transaction is judged and when its block is sealed; the authority's
/// signature on a key certificate is checked on every read; a provider's
/// anchor is checked on the request's thread before the single commit thread
/// judges it. Each check costs about 50–150 µs, a remembered one a SHA-256
/// of the bytes.
///
/// Only successes are remembered, by SHA-256 over key, signature and
/// message with their lengths, so a hit means this exact triple verified
/// before (SHA-256's collision resistance). The set is bounded; the oldest
/// entries are forgotten first. Chain replay does not use it: it sees each
/// signature once; nor does judging another node's block, whose signatures
/// this process never saw (several nodes in one process, as in `vault bench
/// cluster`, would otherwise vouch for each other).
public final class VerifiedSignatures: @unchecked Sendable {
    // @unchecked Sendable: all state is guarded by `lock`.

    /// The process's set, used by the node's request and commit paths.
    public static let shared = VerifiedSignatures(capacity: 1 << 16)

    private let lock = NSLock()
    private let capacity: Int
    private var known: Set<Digest32> = []
    /// Insertion order as a ring, for forgetting the oldest.
    private var ring: [Digest32] = []
    private var next = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        known.reserveCapacity(self.capacity)
    }

    /// Whether `signature` is `key`'s valid signature of `message`, verified
    /// now unless the same triple verified before.
    func isValid(_ signature: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer, key: PublicKey) -> Bool {
        let digest = Self.digest(signature, message, key)
        if lock.withLock({ known.contains(digest) }) { return true }
        guard key.isValidSignature(signature, for: message) else { return false }
        insert(digest)
        return true
    }

    /// Records a signature this process just made with `key`'s secret half.
    func remember(_ signature: [UInt8], for message: [UInt8], key: PublicKey) {
        signature.withUnsafeBytes { s in
            message.withUnsafeBytes { m in insert(Self.digest(s, m, key)) }
        }
    }

    var count: Int { lock.withLock { known.count } }

    /// Whether this exact triple is remembered as verified.
    func contains(_ signature: [UInt8], for message: [UInt8], key: PublicKey) -> Bool {
        let digest = signature.withUnsafeBytes { s in message.withUnsafeBytes { m in Self.digest(s, m, key) } }
        return lock.withLock { known.contains(digest) }
    }

    private func insert(_ digest: Digest32) {
        lock.withLock {
            guard known.insert(digest).inserted else { return }
            if ring.count < capacity {
                ring.append(digest)
            } else {
                known.remove(ring[next])
                ring[next] = digest
                next = (next + 1) % capacity
            }
        }
    }

    /// Lengths first, so that no two different triples share an encoding.
    private static func digest(_ signature: UnsafeRawBufferPointer, _ message: UnsafeRawBufferPointer, _ key: PublicKey) -> Digest32 {
        var prefix = key.rawBytes
        for length in [signature.count, message.count] {
            withUnsafeBytes(of: UInt64(length).bigEndian) { prefix.append(contentsOf: $0) }
        }
        return Digest32(unchecked: Digest.sha256(parts: [prefix, Array(signature), Array(message)]))
    }
}

extension PublicKey {
    /// `isValidSignature`, answered from `VerifiedSignatures.shared` when
    /// this process verified (or made) the same signature before.
    public func isValidSignatureOnce(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in
            message.withUnsafeBytes { m in VerifiedSignatures.shared.isValid(s, for: m, key: self) }
        }
    }
}
