import Foundation
import Ledger
import VaultSupport

/// How a party's requests reach a node: over HTTP (`VaultClient`) or in the
/// same process (`InProcessTransport`). Both carry the same signed request.
public protocol NodeTransport: Sendable {
    func send(_ request: NodeRequest, signature: RequestSignature.Headers?) throws -> NodeResponse
}

/// A party's typed view of the node's API: signs every request with the
/// party's identity and turns problem documents into `VaultError.node`.
public struct NodeClient: Sendable {
    public let transport: NodeTransport
    public let identity: Identity
    /// The genesis hash the party pinned; its transactions are signed for it.
    public let chainID: Digest32

    public init(transport: NodeTransport, identity: Identity, chainID: Digest32) {
        self.transport = transport
        self.identity = identity
        self.chainID = chainID
    }

    /// The client of the party whose folder this is: its identity and pinned chain.
    public init(folder: PartyFolder, transport: NodeTransport) throws {
        guard let chainID = Digest32(hex: folder.config.chainId) else {
            throw VaultError.malformed("\(folder.root)/party.json: chain_id is not a hash")
        }
        self.init(transport: transport, identity: try folder.identity(), chainID: chainID)
    }

    /// Signs `payloads` as this party with consecutive nonces from `firstNonce`.
    func sign(_ payloads: [TransactionPayload], firstNonce: UInt64) throws -> [SignedTransaction] {
        let now = LedgerClock.nowMillis()
        return try payloads.enumerated().map { i, payload in
            try TransactionBody(chainID: chainID, submitter: identity.memberID, nonce: firstNonce + UInt64(i),
                                time: now, payload: payload).signed(with: identity.key, remembering: false)
        }
    }

    public func call<T: Decodable>(_ method: String, _ path: String, query: String = "", body: [UInt8] = [],
                                   as type: T.Type = T.self) throws -> T {
        let request = NodeRequest(method: method, path: path, query: query, body: body)
        let headers = try RequestSignature.sign(method: method, path: path, query: query, body: body, identity: identity)
        let response = try transport.send(request, signature: headers)
        guard (200..<300).contains(response.status) else {
            if let problem = try? NodeJSON.decoder().decode(NodeProblem.self, from: Data(response.body)) {
                throw VaultError.node(problem)
            }
            throw VaultError.node(NodeProblem(status: response.status, slug: "http-\(response.status)", title: "HTTP error",
                                              detail: "the node answered HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))"))
        }
        do { return try NodeJSON.decoder().decode(T.self, from: Data(response.body)) } catch {
            throw VaultError.malformed("the node's answer to \(method) \(path) is not the documented JSON: \(NodeJSON.describe(error))")
        }
    }

    public func call<T: Decodable, B: Encodable>(_ method: String, _ path: String, json: B, as type: T.Type = T.self) throws -> T {
        try call(method, path, body: NodeJSON.encode(json), as: type)
    }

    /// Submits a signed chain transaction, signing it again with a fresh
    /// nonce if another client of the same member took a later one first.
    func submitting<T>(_ attempt: (_ nonce: UInt64) throws -> T) throws -> T {
        var tries = 0
        while true {
            do { return try attempt(ClientNonce.next()) } catch VaultError.node(let problem) where problem.slug == "replayed-nonce" && tries < 20 {
                tries += 1
            }
        }
    }
}

/// Transaction nonces from a client: microseconds since the epoch, strictly
/// increasing within the process. The chain only asks that each nonce of a
/// member exceed the last (docs/LEDGER.md), so concurrent clients of one
/// member need no coordination; one that lost the race signs again.
public enum ClientNonce {
    private static let state = LockedCounter()

    public static func next() -> UInt64 {
        state.next(UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000)))
    }

    final class LockedCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var last: UInt64 = 0
        func next(_ candidate: UInt64) -> UInt64 {
            lock.withLock {
                last = max(candidate, last + 1)
                return last
            }
        }
    }
}

/// Calls a node's API in this process, through the same authentication as HTTP.
public struct InProcessTransport: NodeTransport {
    public let api: NodeAPI
    public init(api: NodeAPI) { self.api = api }

    public func send(_ request: NodeRequest, signature: RequestSignature.Headers?) throws -> NodeResponse {
        let caller: Caller?
        if NodeAPI.isPublic(method: request.method, path: request.path) {
            caller = nil
        } else {
            do {
                caller = try api.authenticate(request, contentDigest: signature?.contentDigest,
                                              signatureInput: signature?.signatureInput, signature: signature?.signature)
            } catch { return .problem(error) }
        }
        return api.respond(request, caller: caller)
    }
}
