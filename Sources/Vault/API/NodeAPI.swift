import Foundation
import VaultSupport
import Ledger

/// A request as the node's API sees it, whatever carried it (HTTP or the
/// in-process transport).
public struct NodeRequest: Sendable {
    public var method: String
    public var path: String
    /// The raw query string, without "?".
    public var query: String
    public var body: [UInt8]

    public init(method: String, path: String, query: String = "", body: [UInt8] = []) {
        self.method = method; self.path = path; self.query = query; self.body = body
    }

    func queryItems() -> [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            items[name] = value
        }
        return items
    }
}

public struct NodeResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var contentType: String

    public init(status: Int, body: [UInt8], contentType: String) {
        self.status = status; self.body = body; self.contentType = contentType
    }

    static func json<T: Encodable>(_ value: T, status: Int = 200) -> NodeResponse {
        NodeResponse(status: status, body: NodeJSON.encode(value), contentType: "application/json")
    }

    static func problem(_ problem: NodeProblem) -> NodeResponse {
        NodeResponse(status: problem.status, body: NodeJSON.encode(problem), contentType: "application/problem+json")
    }
}

/// The authenticated member behind a request, and its signed request.
public struct Caller: Sendable {
    public let memberID: String
    public let evidence: AccessEvidence?

    public init(memberID: String, evidence: AccessEvidence?) {
        self.memberID = memberID
        self.evidence = evidence
    }
}

/// The node's API (`/v1`, docs/NODE.md): authenticates requests, checks the
/// caller's role for each endpoint, and calls the `VaultNode` use case.
public final class NodeAPI: Sendable {
    public let node: VaultNode
    /// Bodies above this are refused with 413 (a blob of up to 24 MiB fits, base64 in JSON).
    public static let maxBodyBytes = 32 << 20

    public init(node: VaultNode) { self.node = node }

    /// Endpoints open without a signature.
    public static func isPublic(method: String, path: String) -> Bool {
        method == "GET" && (path == "/v1/health" || path == "/openapi.yaml" || path == "/metrics")
    }

    /// RFC 9421 signature, active membership, and replay (nonce) checks.
    public func authenticate(_ request: NodeRequest, contentDigest: String?, signatureInput: String?,
                             signature: String?, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(NodeProblem) -> Caller {
        let verified = try RequestSignature.verify(method: request.method, path: request.path, query: request.query,
                                                   body: request.body, contentDigest: contentDigest,
                                                   signatureInput: signatureInput, signature: signature, now: now,
                                                   publicKey: node.publicKey(ofActiveMember:))
        guard node.nonces.accept(member: verified.memberID, nonce: verified.nonce, created: verified.created, now: now) else {
            throw .unauthenticated("replayed request: nonce \(verified.nonce) of \(verified.memberID) was already used")
        }
        return Caller(memberID: verified.memberID, evidence: verified.evidence)
    }

    /// Node work blocks on SQLite, fsync and the commit queue, so it runs on
    /// these threads, never on Swift concurrency's few cooperative threads.
    static let workers = BlockingPool(size: 64, name: "vault-request")

    /// Routes an authenticated request (nil caller: only public endpoints).
    public func handle(_ request: NodeRequest, caller: Caller?) async -> NodeResponse {
        await withCheckedContinuation { continuation in
            Self.workers.run { continuation.resume(returning: self.respond(request, caller: caller)) }
        }
    }

    /// The blocking form of `handle`, for callers on their own thread.
    public func respond(_ request: NodeRequest, caller: Caller?) -> NodeResponse {
        do {
            return try route(request, caller: caller)
        } catch let problem as NodeProblem {
            return .problem(problem)
        } catch let error as VaultError {
            return .problem(Self.problem(for: error))
        } catch let error as RejectedTransaction {
            return .problem(Self.problem(for: error.reason))
        } catch let error as LedgerError {
            return .problem(Self.problem(for: error))
        } catch {
            return .problem(.internal(String(describing: error)))
        }
    }

    static func problem(for error: LedgerError) -> NodeProblem {
        switch error {
        case .replayedNonce: .conflict("replayed-nonce", error.description)
        case .wrongRole, .memberRemoved, .unknownMember: .forbidden("refused-by-chain", error.description)
        case .conflict: .conflict("conflict", error.description)
        case .notFound: .notFound(error.description)
        case .unavailable: .unavailable(error.description)
        default: .badRequest("refused-by-chain", error.description)
        }
    }

    static func problem(for error: VaultError) -> NodeProblem {
        switch error {
        case .node(let problem): problem
        case .malformed, .policy: .badRequest("malformed", error.description)
        case .keyRefused, .keyExpired, .policyNotSatisfied: .forbidden("access-denied", error.description)
        case .hashMismatch: .integrity(error.description)
        default: .internal(error.description)
        }
    }

    private func member(_ caller: Caller?, roles: [Role], action: String) throws(NodeProblem) -> Member {
        guard let caller else { throw .unauthenticated("this endpoint needs a signed request") }
        let member = try node.activeMember(caller.memberID)
        guard roles.isEmpty || roles.contains(where: member.has) else {
            throw .forbidden("wrong-role", "\(member.id) (\(member.sortedRoles.map(\.name).joined(separator: ", "))) may not \(action); that needs \(roles.map(\.name).joined(separator: " or "))")
        }
        return member
    }

    private func route(_ request: NodeRequest, caller: Caller?) throws -> NodeResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0].isEmpty, parts[1] == "v1" else { throw NodeProblem.notFound("no endpoint \(DisplayText.escaped(request.path))") }
        let rest = Array(parts.dropFirst(2))
        let q = request.queryItems()
        let anyone: [Role] = []
        switch (request.method, rest.count, rest.first ?? "") {
        case ("GET", 1, "health"):
            return .json(node.health())
        case ("GET", 1, "records"):
            _ = try member(caller, roles: anyone, action: "list records")
            return .json(try node.list())
        case ("POST", 1, "records"):
            let who = try member(caller, roles: [.provider], action: "store records")
            let body = try NodeJSON.decode(PutRecordRequest.self, from: request.body, what: "record")
            return .json(try node.put(body, caller: who), status: 201)
        case ("GET", 2, "records"):
            _ = try member(caller, roles: anyone, action: "show records")
            return .json(try node.show(rest[1]))
        case ("POST", 3, "records") where rest[2] == "reads":
            let who = try member(caller, roles: [.clinician, .provider, .auditor], action: "read records")
            let body = try NodeJSON.decode(ReadRequest.self, from: request.body, what: "read request")
            guard let evidence = caller?.evidence else { throw NodeProblem.unauthenticated("a read must be a signed request") }
            let answer = try node.read(rest[1], request: body, caller: who, evidence: evidence)
            return NodeResponse(status: 200, body: answer.encodedJSON(), contentType: "application/json")
        case ("GET", 3, "records") where rest[2] == "escrow":
            let who = try member(caller, roles: [.provider], action: "fetch escrows")
            return .json(try node.escrow(rest[1], caller: who))
        case ("POST", 3, "records") where rest[2] == "consent":
            let who = try member(caller, roles: [.provider], action: "change consent")
            let body = try NodeJSON.decode(ConsentRequest.self, from: request.body, what: "consent change")
            return .json(try node.changeConsent(rest[1], request: body, caller: who))
        case ("POST", 3, "records") where rest[2] == "erasure":
            let who = try member(caller, roles: [.provider], action: "erase records")
            let body = try NodeJSON.decode(TransactionsRequest.self, from: request.body, what: "erasure")
            return .json(try node.erase(rest[1], request: body, caller: who))
        case ("POST", 1, "keys"):
            let who = try member(caller, roles: [.authority], action: "anchor key issuance")
            let body = try NodeJSON.decode(TransactionsRequest.self, from: request.body, what: "key issuance")
            return .json(try node.anchorKeyIssued(body, caller: who), status: 201)
        case ("GET", 2, "blobs"):
            _ = try member(caller, roles: [.validator], action: "fetch blobs for its node")
            return .json(try node.blob(sha256: rest[1]))
        case ("GET", 1, "members"):
            _ = try member(caller, roles: anyone, action: "list members")
            return .json(node.members())
        case ("POST", 1, "members"):
            let who = try member(caller, roles: [.admin], action: "change membership")
            let body = try NodeJSON.decode(TransactionsRequest.self, from: request.body, what: "membership change")
            return .json(try node.changeMembership(body, caller: who), status: 201)
        case ("GET", 2, "chain") where rest[1] == "tip":
            _ = try member(caller, roles: anyone, action: "read the chain")
            return .json(node.tip())
        case ("GET", 2, "chain") where rest[1] == "blocks":
            _ = try member(caller, roles: anyone, action: "read the chain")
            let from = try Self.integer(q["from"], "from", default: 0)
            let limit = try Self.integer(q["limit"], "limit", default: 100)
            return .json(try node.blocks(from: from, limit: Int(min(limit, 1000))))
        case ("GET", 3, "chain") where rest[1] == "proofs":
            _ = try member(caller, roles: anyone, action: "read the chain")
            return .json(try node.proof(transaction: rest[2]))
        case ("GET", 1, "audit"):
            _ = try member(caller, roles: anyone, action: "read the audit trail")
            return .json(try node.audit(try Self.auditQuery(q)))
        default:
            throw NodeProblem.notFound("no endpoint \(request.method) \(DisplayText.escaped(request.path)); see /openapi.yaml")
        }
    }

    static func integer(_ text: String?, _ name: String, default value: UInt64) throws(NodeProblem) -> UInt64 {
        guard let text else { return value }
        guard let n = UInt64(text) else { throw .badRequest("bad-parameter", "\(name) must be a non-negative integer") }
        return n
    }

    /// `?record=&member=&since=&type=&limit=`: the first `limit` (1,000) matches;
    /// without a filter, the newest `limit` (50) events. Both in chain order.
    static func auditQuery(_ q: [String: String]) throws(NodeProblem) -> IndexQuery {
        var query = IndexQuery(recordID: q["record"], memberID: q["member"])
        if let since = q["since"] {
            do { query.since = try AuditEvent.parseDate(since) } catch { throw .badRequest("bad-parameter", "since: \(error)") }
        }
        if let type = q["type"] {
            guard let kind = TransactionKind(name: type) else {
                throw .badRequest("bad-parameter", "type must be one of \(TransactionKind.allCases.map(\.name).joined(separator: ", "))")
            }
            query.kinds = [kind]
        }
        let requested: Int? = q["limit"] == nil ? nil : Int(min(try integer(q["limit"], "limit", default: 0), 10_000))
        query.limitForAudit(requested)
        return query
    }
}
