import Foundation
@testable import Ledger
import Testing

/// docs/CLUSTER.md, "moving a chain onto a cluster": `vault serve --etcd`
/// on a node that ordered its own blocks verifies its replica first, offers
/// every block to the cluster, and records the cluster in node.json, after
/// which the node orders on the cluster even when started without --etcd.
@Suite struct ChainMoveCLITests {
    @Test(.timeLimit(.minutes(2))) func vaultServeWithEtcdMovesAVerifiedEmbeddedChainOntoTheCluster() throws {
        let vault = try VaultProcess()
        let etcd = try EtcdCluster(vault)
        defer { etcd.stop(); vault.cleanUp() }
        try #require(try vault.run("init", "--data-dir", "net").succeeded)
        try vault.write("note.json", #"{"resourceType":"Observation","id":"moved"}"#)
        let embeddedPut = try vault.run("record", "put", "--data-dir", "net", "--policy", "role:nurse", "--in", "note.json")
        try #require(embeddedPut.succeeded, "\(embeddedPut.stderr)")
        let (height, hash) = try tip(vault)
        let chainID = try #require(try config(vault, "net")["chain_id"] as? String)
        func block(_ h: UInt64) throws -> Block? {
            let key = Array("/record-vault/\(chainID)/block/\(String(format: "%020llu", h))".utf8)
            return try etcd.get(key: key).map { try Block(decoding: try StoredBlock(wireBytes: $0)) }
        }

        // A copy whose newest block was deleted fails verification: it is not
        // moved, and the cluster gets none of its blocks.
        try FileManager.default.copyItem(atPath: vault.path("net"), toPath: vault.path("damaged"))
        let deleted = try vault.tool("python3", ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute('DELETE FROM entries WHERE height=(SELECT MAX(height) FROM blocks)')
            c.execute('DELETE FROM blocks WHERE height=(SELECT MAX(height) FROM blocks)')
            c.commit()
            """, vault.path("damaged/node/chain.sqlite")])
        try #require(deleted.succeeded, "\(deleted.stderr)")
        // Bounded: a node that moved anyway would serve until stopped.
        let refused = try vault.tool("timeout", ["30", vault.binary.path, "serve", "--data-dir", "damaged/node",
                                                 "--listen", "127.0.0.1:0", "--etcd", etcd.urls])
        #expect(!refused.succeeded && refused.stderr.contains("not moving onto the cluster"), "\(refused.stdout)\(refused.stderr)")
        #expect(try block(0) == nil, "a replica that fails verification put blocks on the cluster")
        #expect(try config(vault, "damaged")["etcd"] == nil)

        // The intact replica moves: the cluster holds its blocks as they were
        // (block 0 names the chain, each block links to the one below, the top
        // one is the replica's tip), and node.json names the cluster.
        var (server, url) = try vault.serve(node: "net/node", ["--etcd", etcd.urls])
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        var below: Block?
        for h in 0...height {
            let ordered = try #require(try block(h), "the cluster lacks block \(h) of the moved chain")
            if let below { #expect(ordered.header.previousHash == below.hash, "block \(h) does not link to block \(h - 1)") }
            below = ordered
        }
        #expect(try block(0)?.genesis?.chainID.hex == chainID)
        #expect(below?.hash.hex == hash)
        #expect(try config(vault, "net")["etcd"] as? [String] == etcd.urls.split(separator: ",").map(String.init))

        // Started again without --etcd, the node orders on the cluster from node.json.
        server.terminate()
        server.waitUntilExit()
        (server, url) = try vault.serve(node: "net/node")
        #expect(try health(vault, url).ordering == "etcd")
        let put = try vault.run("record", "put", "--data-dir", "net", "--node", url, "--party", "net/provider",
                                "--policy", "role:nurse", "--in", "note.json")
        #expect(put.succeeded, "\(put.stderr)")
        let after = try health(vault, url).height
        #expect(after > height)
        #expect(try block(after)?.header.height == after, "the block sealed after the move is not on the cluster")
    }

    func tip(_ vault: VaultProcess) throws -> (UInt64, String) {
        let verify = try vault.run("chain", "verify", "--data-dir", "net")
        try #require(verify.succeeded, "\(verify.stdout)\(verify.stderr)")
        let line = try #require(verify.stdout.split(separator: "\n").first { $0.hasPrefix("tip: ") })
        let parts = line.split(separator: " ")[1].split(separator: ":")
        return (try #require(UInt64(parts[0])), String(parts[1]))
    }

    func config(_ vault: VaultProcess, _ root: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: vault.path(root + "/node/node.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    struct Health: Decodable { let height: UInt64; let ordering: String? }

    func health(_ vault: VaultProcess, _ url: String) throws -> Health {
        let got = try vault.tool("curl", ["-sS", "-m", "5", url + "/v1/health"])
        return try JSONDecoder().decode(Health.self, from: Data(got.stdout.utf8))
    }
}
