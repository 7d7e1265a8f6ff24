import Foundation
import Ledger

/// Blobs anchored through another organisation's node. Each node of a
/// cluster sets its address on the chain (`NodeAddressSet`, signed by its
/// validator identity); a node asked for a record whose blob it lacks
/// fetches the blob from the anchoring organisation's nodes, checks its
/// SHA-256 and size against the anchor (the peer is not trusted), and keeps
/// it, so that a reader may ask any node.
extension VaultNode {
    /// Sets `url` as this node's address on the chain, unless it already is.
    public func announce(address url: String) throws {
        let address = try NodeAddressSet(url: url)
        // Judge against the cluster's tip, not a replica still catching up
        // after a restart, or the same address would be set again.
        try chain.catchUp()
        if nodeAddresses().first(where: { $0.member.id == identity.memberID })?.url == address.url { return }
        _ = try commits.submitAndWait(making: { [chain, identity] in
            [try chain.makeTransaction(.nodeAddressSet(address), by: identity)]
        })
    }

    /// The current address of every active validator that set one.
    func nodeAddresses() -> [(member: Member, url: String)] {
        guard let set = try? chain.transactions(matching: IndexQuery(kinds: [.nodeAddressSet])) else { return [] }
        var latest: [String: String] = [:]
        for located in set {
            if case .nodeAddressSet(let p) = located.transaction.body.payload { latest[located.transaction.body.submitter] = p.url }
        }
        return latest.sorted { $0.key < $1.key }.compactMap { id, url in
            guard let record = chain.memberRecord(id), record.isActive, record.member.has(.validator) else { return nil }
            return (record.member, url)
        }
    }

    /// `GET /v1/blobs/{sha256}`: a blob for another organisation's node.
    func blob(sha256 text: String) throws(NodeProblem) -> BlobResponse {
        guard let digest = Digest32(hex: text), digest.hex == text else {
            throw .badRequest("bad-digest", "a blob is named by its SHA-256 in 64 lowercase hex digits")
        }
        guard let bytes = try? blobs.read(digest.hex) else { throw .notFound("this node holds no blob \(text.prefix(16))…") }
        return BlobResponse(blob: Data(bytes))
    }

    /// The blob of `anchor` from the nodes of the organisation whose
    /// provider anchored it; nil if none has it or none can be reached.
    func fetchBlob(of anchor: RecordAnchored, anchoredBy submitter: String) -> [UInt8]? {
        guard let connect = peerTransport, let provider = chain.memberRecord(submitter)?.member else { return nil }
        let sha = anchor.ciphertextSHA256.hex
        for (member, url) in nodeAddresses() where member.organisation == provider.organisation && member.id != identity.memberID {
            guard let transport = try? connect(url) else { continue }
            let client = NodeClient(transport: transport, identity: identity, chainID: chain.chainID)
            guard let reply = try? client.call("GET", "/v1/blobs/\(sha)", as: BlobResponse.self) else { continue }
            let blob = [UInt8](reply.blob)
            guard UInt64(blob.count) == anchor.ciphertextBytes, SHA256.hash(blob) == anchor.ciphertextSHA256 else { continue }
            do {
                try blobs.write(blob, name: sha, secret: false)
                try blobs.sync()
            } catch { return blob }  // served, just not kept
            return blob
        }
        return nil
    }
}
