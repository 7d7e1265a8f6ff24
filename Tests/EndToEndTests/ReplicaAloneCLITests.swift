import Foundation
import Testing

/// docs/CLUSTER.md, "a replica never orders alone": a node folder whose
/// node.json records a cluster seals no block without that cluster,
/// whichever command opens it.
@Suite struct ReplicaAloneCLITests {
    @Test func aClusterReplicaOpenedWithoutItsClusterIsRefusedAndSealsNothing() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        try #require(try vault.run("init", "--data-dir", "net").succeeded)
        // node.json records a cluster, as after `vault cluster join` or a move
        // onto one. Nothing listens there: every command below must refuse
        // before it would ask the cluster anything.
        let config = vault.path("net/node/node.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any])
        json["etcd"] = ["http://127.0.0.1:9"]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: config))
        let tipBefore = try tip(vault)

        try vault.write("note.json", #"{"resourceType":"Observation","id":"alone"}"#)
        try vault.write("address.json", #"{"type": "NodeAddressSet", "url": "http://127.0.0.1:7300"}"#)
        let openings: [(String, [String])] = [
            // The embedded node, opened in the command's own process.
            ("record put", ["record", "put", "--data-dir", "net", "--policy", "role:nurse", "--in", "note.json"]),
            // The chain store itself, sealed by the node's validator key.
            ("chain submit", ["chain", "submit", "--data-dir", "net/node", "--key", "net/node/node.key",
                              "--sealer-key", "net/node/node.key", "--payload", "address.json"]),
        ]
        for (name, arguments) in openings {
            let opened = try vault.run(arguments)
            #expect(!opened.succeeded && opened.stderr.contains("never alone"), "\(name): \(opened.stdout)\(opened.stderr)")
        }
        #expect(try tip(vault) == tipBefore, "a block was sealed without the cluster")
    }

    /// The replica's tip, `HEIGHT:HASH`, read from its SQLite file.
    func tip(_ vault: VaultProcess) throws -> String {
        let verify = try vault.run("chain", "verify", "--data-dir", "net")
        try #require(verify.succeeded, "\(verify.stdout)\(verify.stderr)")
        return verify.stdout.split(separator: "\n").first { $0.hasPrefix("tip: ") }.map { String($0.split(separator: " ")[1]) } ?? ""
    }
}
