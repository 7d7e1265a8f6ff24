import Foundation
import Testing

/// `vault serve --blob-store postgres://…` against the test PostgreSQL that
/// tools/test.sh starts (tools/postgres.sh); without it these tests fail.
@Suite struct PostgresBlobStoreCLITests {
    struct NoPostgres: Error, CustomStringConvertible {
        var description: String {
            "VAULT_TEST_POSTGRES_URL is not set: start the test PostgreSQL with `tools/postgres.sh start` and export "
                + "VAULT_TEST_POSTGRES_URL=$(tools/postgres.sh url) (tools/test.sh does both)"
        }
    }

    func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["VAULT_TEST_POSTGRES_URL"], !url.isEmpty else { throw NoPostgres() }
        return url
    }

    /// Two `vault serve` processes of one organisation, each with its own
    /// node directory and chain replica, share one PostgreSQL blob store: a
    /// record put through the first is read, blob and all, through the
    /// second. The chain is not shared between node processes yet, so the
    /// second replica is a copy of the first's, taken after the put; its
    /// blobs/ escrow/ and records/ folders are empty throughout.
    @Test func twoNodeProcessesShareOnePostgresBlobStore() throws {
        let url = try postgresURL()
        var vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("init", "--data-dir", "net").succeeded)
        let chainID = try #require(vault.read("net/node/node.json")).split(separator: "\"").drop { $0 != "chain_id" }.dropFirst(2).first.map(String.init) ?? ""
        var (first, firstURL) = try vault.serve(node: "net/node", ["--blob-store", url])
        defer { if first.isRunning { first.terminate() } }
        vault.environment["VAULT_NODE"] = firstURL
        let made = try vault.run("identity", "new", "--member", "dr-alice", "--folder", "dr-alice", "--chain-id", chainID)
        #expect(made.succeeded, "\(made.stderr)")
        let key = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try vault.run("member", "add", "--party", "net/admin", "--id", "dr-alice", "--role", "clinician", "--public-key", key).succeeded)
        #expect(try vault.run("authority", "keygen", "--party", "net/authority", "--holder", "dr-alice",
                              "--attributes", "role:cardiologist, hospital:A", "--out", "dr-alice/a.key").succeeded)
        let note = #"{"resourceType":"Bundle","id":"shared-\#(UUID().uuidString)"}"#
        try vault.write("note.json", note)
        let put = try vault.run("record", "put", "--party", "net/provider", "--policy", "role:cardiologist AND hospital:A",
                                "--in", "note.json", "--patient", "P-1")
        #expect(put.succeeded, "\(put.stderr)")
        let id = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        first.terminate()
        first.waitUntilExit()

        // The second process's replica: the first's chain, none of its files' blobs.
        #expect(try vault.tool("cp", ["-a", "net/node", "node2"]).succeeded)
        for folder in ["blobs", "escrow", "records"] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: vault.path("node2/" + folder))) ?? []
            #expect(files.filter { !$0.hasPrefix(".") }.isEmpty, "\(folder) holds \(files)")
        }
        (first, firstURL) = try vault.serve(node: "net/node", ["--blob-store", url])
        let (second, secondURL) = try vault.serve(node: "node2", ["--blob-store", url])
        defer { if second.isRunning { second.terminate() } }
        #expect(firstURL != secondURL)
        vault.environment["VAULT_NODE"] = secondURL
        let got = try vault.run("record", "get", id, "--party", "dr-alice", "--key", "dr-alice/a.key", "--out", "a.json")
        #expect(got.succeeded, "\(got.stderr)")
        #expect(vault.read("a.json") == note)
    }

    @Test func anUnreachableBlobStoreStopsServeAtOnceWithItsCause() throws {
        var vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("init", "--data-dir", "net").succeeded)
        let start = Date()
        // Port 1 on loopback: nothing listens there.
        let refused = try vault.run("serve", "--data-dir", "net/node", "--listen", "127.0.0.1:0", "--blob-store", "postgres://vault@127.0.0.1:1/vault")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("PostgreSQL at 127.0.0.1:1/vault") && refused.stderr.contains("Connection refused"), "\(refused.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
        vault.environment["VAULT_BLOB_STORE"] = "postgres://vault:secret@127.0.0.1:x/vault"
        let malformed = try vault.run("serve", "--data-dir", "net/node", "--listen", "127.0.0.1:0")
        #expect(malformed.status != 0 && malformed.stderr.contains("port x is not a number") && !malformed.stderr.contains("secret"),
                "\(malformed.stderr)")
    }
}
