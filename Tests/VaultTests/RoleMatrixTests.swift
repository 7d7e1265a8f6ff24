import Foundation
import Ledger
import Logging
import Testing
@testable import Vault
import VaultClient
import VaultServer
import VaultSupport

/// Each role against each endpoint: allowed (whatever the body's fate) or
/// 403 `wrong-role`; in process, and over HTTP against the node's server on
/// a loopback port, through the parties' transport and through the
/// benchmark's load generator.
@Suite struct RoleMatrixTests {
    enum Path: String, CaseIterable { case inProcess, http, loopbackLoadGenerator }

    @Test(arguments: Path.allCases) func everyEndpointChecksTheCallersRole(over path: Path) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-roles-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try NetworkSetup.create(at: root)
        let node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        defer { node.close() }
        let api = NodeAPI(node: node)
        let clinician = Identity(memberID: "dr-c", key: try SigningKey.generate())
        let transport: NodeTransport
        var server: (task: Task<Void, Never>, executor: ThreadTaskExecutor)?
        switch path {
        case .inProcess: transport = InProcessTransport(api: api)
        case .http, .loopbackLoadGenerator:
            let bound = Bound()
            var logger = Logger(label: "role-matrix")
            logger.logLevel = .critical
            // The server runs on a thread of its own: Swift Testing queues
            // every test on the cooperative pool at once, and on two cores a
            // task started there waits until the CPU-bound tests ahead of it
            // have finished (CI saw no port after 120 s).
            let executor = ThreadTaskExecutor(name: "role-matrix-server")
            let task = Task(executorPreference: executor) {
                do { try await NodeServer.run(node: node, host: "127.0.0.1", port: 0, logger: logger) { bound.report(port: $0) } }
                catch { bound.report(failure: "\(error)") }
            }
            server = (task, executor)
            let outcome = try await onOwnThread { bound.wait(seconds: 60) }
            let port = try #require(outcome.port, "the server did not start: \(outcome.failure ?? "no port after 60 s")")
            transport = path == .http ? try HTTPTransport(url: "http://127.0.0.1:\(port)") : LoopbackHTTPTransport(port: UInt16(port))
        }
        defer {
            server?.task.cancel()
            server?.executor.stop(after: server?.task)
        }
        // The blocking requests run on a thread of their own, so the pool's
        // threads stay free for the server's tasks.
        let failures = try await onOwnThread { try Self.matrix(root: root, transport: transport, clinician: clinician) }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }

    /// Runs every role against every endpoint; the mismatches, described.
    static func matrix(root: String, transport: NodeTransport, clinician: Identity) throws -> [String] {
        var failures: [String] = []
        let admin = try Admin(folder: try PartyFolder(root: root + "/admin"), transport: transport)
        _ = try admin.add(try Member(id: "dr-c", organisation: "Hospital A", roles: [.clinician], publicKey: clinician.publicKey))

        var identities: [String: Identity] = ["clinician": clinician, "node": try Ledger.KeyFile.read(path: root + "/node/node.key")]
        for party in ["admin", "authority", "provider", "auditor"] { identities[party] = try PartyFolder(root: root + "/\(party)").identity() }

        let anyone = Set(identities.keys)
        let endpoints: [(String, String, Set<String>)] = [
            ("GET", "/v1/records", anyone),
            ("POST", "/v1/records", ["provider"]),
            ("GET", "/v1/records/rec-x", anyone),
            ("POST", "/v1/records/rec-x/reads", ["clinician", "provider", "auditor"]),
            ("GET", "/v1/records/rec-x/escrow", ["provider"]),
            ("POST", "/v1/records/rec-x/consent", ["provider"]),
            ("POST", "/v1/records/rec-x/erasure", ["provider"]),
            ("POST", "/v1/keys", ["authority"]),
            ("GET", "/v1/members", anyone),
            ("POST", "/v1/members", ["admin"]),
            ("GET", "/v1/chain/tip", anyone),
            ("GET", "/v1/chain/blocks", anyone),
            ("GET", "/v1/audit", anyone),
            ("GET", "/v1/blobs/" + String(repeating: "ab", count: 32), ["node"]),
        ]
        for (method, path, allowed) in endpoints {
            for (party, identity) in identities {
                let body = method == "POST" ? Array("{}".utf8) : []
                let request = NodeRequest(method: method, path: path, body: body)
                let headers = try RequestSignature.sign(method: method, path: path, body: body, identity: identity)
                let response = try transport.send(request, signature: headers)
                let problem = try? JSONDecoder().decode(NodeProblem.self, from: Data(response.body))
                if allowed.contains(party) {
                    if problem?.slug == "wrong-role" { failures.append("\(party) was refused \(method) \(path)") }
                } else if !(response.status == 403 && problem?.slug == "wrong-role") {
                    failures.append("\(party) was not refused \(method) \(path): \(response.status)")
                }
            }
        }
        // Unsigned, only the public endpoints answer.
        let health = try transport.send(NodeRequest(method: "GET", path: "/v1/health"), signature: nil).status
        if health != 200 { failures.append("unsigned health answered \(health)") }
        let records = try transport.send(NodeRequest(method: "GET", path: "/v1/records"), signature: nil).status
        if records != 401 { failures.append("unsigned record list answered \(records)") }
        return failures
    }

    /// Runs `body` on a new thread and waits for it without blocking the pool.
    func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// The port the server reported, or why it stopped before it did.
    final class Bound: @unchecked Sendable {
        // @unchecked Sendable: `port` and `failure` are guarded by `lock`.
        private let lock = NSLock()
        private let reported = DispatchSemaphore(value: 0)
        private var port: Int?
        private var failure: String?

        func report(port: Int) { lock.withLock { self.port = port }; reported.signal() }
        func report(failure: String) { lock.withLock { self.failure = failure }; reported.signal() }

        /// Blocks the calling thread until the server reports, or `seconds` pass.
        func wait(seconds: Int) -> (port: Int?, failure: String?) {
            _ = reported.wait(timeout: .now() + .seconds(seconds))
            return lock.withLock { (port, failure) }
        }
    }
}
