import Foundation
import Testing

/// A three-member etcd cluster of a test's own (tools/etcd-cluster.sh) on
/// loopback ports no other test uses, stopped and deleted by `stop()`.
struct EtcdCluster {
    let vault: VaultProcess
    let environment: [String: String]
    let urls: String

    init(_ vault: VaultProcess) throws {
        self.vault = vault
        var attempt = 0
        while true {
            // Base ports 30000–39900, step 100; a clash with a running cluster fails start and is retried.
            let base = 30_000 + 100 * Int.random(in: 0..<100)
            let environment = ["VAULT_ETCD_DIR": vault.path("etcd-\(base)"), "VAULT_ETCD_PORT": String(base)]
            let started = try vault.tool("bash", [Self.script, "start"], environment: environment)
            if started.succeeded {
                self.environment = environment
                self.urls = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                return
            }
            _ = try? vault.tool("bash", [Self.script, "stop"], environment: environment)
            attempt += 1
            if attempt == 3 { throw EtcdClusterError.cannotStart(started.stderr) }
        }
    }

    static var script: String { VaultProcess.packageRoot().appendingPathComponent("tools/etcd-cluster.sh").path }

    func kill(member: Int) throws { try #require(try vault.tool("bash", [Self.script, "kill", String(member)], environment: environment).succeeded) }
    func restart(member: Int) throws { try #require(try vault.tool("bash", [Self.script, "restart", String(member)], environment: environment).succeeded) }
    func stop() { _ = try? vault.tool("bash", [Self.script, "stop"], environment: environment) }

    var firstURL: String { String(urls.split(separator: ",")[0]) }

    /// Puts `value` at `key` straight into etcd, as an attacker with access to the cluster could.
    func put(key: [UInt8], value: [UInt8]) throws {
        let body = #"{"key":"\#(Data(key).base64EncodedString())","value":"\#(Data(value).base64EncodedString())"}"#
        try vault.write("etcd-put.json", body)
        let put = try vault.tool("curl", ["-sS", "-f", "-X", "POST", firstURL + "/v3/kv/put", "--data-binary", "@etcd-put.json"])
        try #require(put.succeeded, "\(put.stderr)")
    }

    /// The value at `key`, if any.
    func get(key: [UInt8]) throws -> [UInt8]? {
        let got = try vault.tool("curl", ["-sS", "-f", "-X", "POST", firstURL + "/v3/kv/range",
                                          "-d", #"{"key":"\#(Data(key).base64EncodedString())"}"#])
        try #require(got.succeeded, "\(got.stderr)")
        struct Reply: Decodable { struct KV: Decodable { let value: String? }; let kvs: [KV]? }
        let reply = try JSONDecoder().decode(Reply.self, from: Data(got.stdout.utf8))
        return reply.kvs?.first?.value.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
    }
}

enum EtcdClusterError: Error, CustomStringConvertible {
    case cannotStart(String)
    var description: String {
        switch self { case .cannotStart(let why): "the test's etcd cluster did not start: \(why)" }
    }
}
