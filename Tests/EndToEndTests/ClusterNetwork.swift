import Foundation
import Testing

/// Two organisations, Hospital A and Hospital B, on one chain whose blocks a
/// test's own etcd cluster orders; each organisation's node is a `vault
/// serve` process of its own. Every process is stopped by `stop()`.
final class ClusterNetwork: @unchecked Sendable {
    // @unchecked Sendable: `servers` and `urls` change only on the test's own thread, never while a load thread reads them.
    let vault: VaultProcess
    let etcd: EtcdCluster
    let chainID: String
    private(set) var servers: [String: Process] = [:]
    private(set) var urls: [String: String] = [:]
    static let organisations = ["a": "hospitala", "b": "hospitalb"]

    init(_ vault: VaultProcess, etcd: EtcdCluster) throws {
        self.vault = vault
        self.etcd = etcd
        let created = try vault.run("cluster", "create", "--etcd", etcd.urls, "--data-dir", "net",
                                    "--organisation", "Hospital A", "--organisation", "Hospital B", "--json")
        try #require(created.succeeded, "\(created.stderr)")
        try DocumentedJSON.check("vault cluster create --json", created.stdout)
        let object = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        let id = object?["chain_id"] as? String ?? ""
        try #require(id.count == 64, "\(created.stdout)")
        chainID = id
        for org in ["a", "b"] {
            let joined = try vault.run("cluster", "join", "--etcd", etcd.urls, "--data-dir", node(org), "--chain-id", chainID, "--json")
            try #require(joined.succeeded, "\(joined.stderr)")
            try DocumentedJSON.check("vault cluster join --json", joined.stdout)
        }
    }

    func folder(_ org: String) -> String { "net/" + Self.organisations[org]! }
    func node(_ org: String) -> String { folder(org) + "/node" }

    /// Starts (or restarts, on the port it had) the node of `org`.
    @discardableResult
    func serve(_ org: String, environment: [String: String] = [:]) throws -> String {
        let listen = urls[org].map { $0.replacingOccurrences(of: "http://", with: "") } ?? "127.0.0.1:0"
        let (process, url) = try vault.serve(node: node(org), listen: listen, environment: environment)
        servers[org] = process
        urls[org] = url
        return url
    }

    func url(_ org: String) -> String { urls[org]! }

    /// SIGTERM (graceful) or SIGKILL, then waits for the process to end.
    func stopNode(_ org: String, kill: Bool = false) {
        guard let process = servers[org], process.isRunning else { return }
        if kill { Foundation.kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
    }

    func stop() {
        for org in servers.keys { stopNode(org) }
        etcd.stop()
    }

    /// `vault record put` by `org`'s provider through the node of `via`.
    func put(by org: String, via: String, file: String = "note.json") throws -> VaultProcess.Result {
        try vault.run("record", "put", "--party", folder(org) + "/provider", "--node", url(via),
                      "--policy", "role:nurse AND hospital:A", "--in", file)
    }

    struct Health: Decodable {
        let height: UInt64
        let writable: Bool
        let reason: String?
        let ordering: String?
    }

    func health(_ org: String) throws -> Health? {
        let got = try vault.tool("curl", ["-sS", "-m", "5", url(org) + "/v1/health"])
        return try? JSONDecoder().decode(Health.self, from: Data(got.stdout.utf8))
    }

    /// `chain verify` through the node of `org`, as that organisation's auditor: the tip line.
    func verifiedTip(_ org: String) throws -> String {
        let verify = try vault.run("chain", "verify", "--party", folder(org) + "/auditor", "--node", url(org))
        try #require(verify.succeeded, "chain verify through \(org): \(verify.stdout)\(verify.stderr)")
        return verify.stdout.split(separator: "\n").first { $0.hasPrefix("tip: ") }.map { String($0.split(separator: " ")[1]) } ?? ""
    }

    /// Waits until both nodes report the same height (at least `height`); returns it.
    func converge(atLeast height: UInt64 = 0, within seconds: Double = 20) throws -> UInt64 {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let a = try health("a"), let b = try health("b"), a.height == b.height, a.height >= height { return a.height }
            usleep(100_000)
        }
        let a = try health("a"), b = try health("b")
        Issue.record("the nodes did not converge within \(seconds) s: a at \(a?.height ?? 0), b at \(b?.height ?? 0)")
        return 0
    }

    /// Record ids listed through `org`'s node, one per anchored record.
    func recordIDs(via org: String) throws -> [String] {
        let list = try vault.run("record", "list", "--party", folder("a") + "/auditor", "--node", url(org))
        try #require(list.succeeded, "\(list.stderr)")
        return list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasPrefix("rec-") }
    }
}
