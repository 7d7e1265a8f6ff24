import Foundation
import Testing

/// How `vault serve` meets the network: TLS with HTTP/2 and HTTP/1.1 by
/// ALPN, a party that trusts the node only through its CA file, refusals of
/// an exposed address without TLS, and problem documents for requests over
/// the size limits. Loopback only; every server is stopped.
@Suite struct NodeTransportTests {
    /// A self-signed certificate for 127.0.0.1 (openssl, P-256), valid two days.
    func makeCertificate(_ vault: VaultProcess) throws {
        let made = try vault.tool("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "node-tls.key", "-out", "node-tls.crt", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        try #require(made.succeeded, "\(made.stderr)")
    }

    @Test func aTLSNodeSpeaksHTTP2AndHTTP1AndPartiesTrustItThroughItsCA() throws {
        var vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("init", "--data-dir", "net").succeeded)
        try makeCertificate(vault)
        let (server, url) = try vault.serve(node: "net/node", ["--tls-cert", "node-tls.crt", "--tls-key", "node-tls.key"])
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        #expect(url.hasPrefix("https://127.0.0.1:"), "\(url)")

        // ALPN picks HTTP/2 for a client that offers it, HTTP/1.1 for one that does not.
        let h2 = try vault.tool("curl", ["-sS", "--cacert", "node-tls.crt", "--http2", "-o", "/dev/null",
                                         "-w", "%{http_version}", url + "/v1/health"])
        #expect(h2.stdout == "2", "\(h2.stdout) \(h2.stderr)")
        let h1 = try vault.tool("curl", ["-sS", "--cacert", "node-tls.crt", "--http1.1", "-o", "/dev/null",
                                         "-w", "%{http_version}", url + "/v1/health"])
        #expect(h1.stdout == "1.1", "\(h1.stdout) \(h1.stderr)")
        // Plain HTTP on the TLS port gets nothing.
        let plain = try vault.tool("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                                            url.replacingOccurrences(of: "https://", with: "http://") + "/v1/health"])
        #expect(plain.stdout != "200")

        // Without the node's CA the party refuses the self-signed certificate, and nothing is stored.
        vault.environment["VAULT_NODE"] = url
        try vault.write("note.json", #"{"resourceType":"Bundle","id":"tls"}"#)
        let untrusted = try vault.run("record", "put", "--party", "net/provider", "--policy", "role:nurse AND hospital:A", "--in", "note.json")
        #expect(untrusted.status != 0 && untrusted.stderr.contains("cannot reach the node"), "\(untrusted.stderr)")
        let blobsBefore = try vault.storedNames("net/node/blobs")
        #expect(blobsBefore.isEmpty)

        vault.environment["VAULT_NODE_CA"] = vault.path("node-tls.crt")
        let put = try vault.run("record", "put", "--party", "net/provider", "--policy", "role:nurse AND hospital:A", "--in", "note.json")
        #expect(put.succeeded, "\(put.stderr)")
        let verify = try vault.run("chain", "verify", "--party", "net/auditor")
        #expect(verify.succeeded, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func serveRefusesAnExposedAddressWithoutTLSAndUnreadableTLSFiles() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("init", "--data-dir", "net").succeeded)
        // Refused before anything is bound.
        let exposed = try vault.run("serve", "--data-dir", "net/node", "--listen", "0.0.0.0:0")
        #expect(exposed.status != 0 && exposed.stderr.contains("without TLS"), "\(exposed.stderr)")
        let half = try vault.run("serve", "--data-dir", "net/node", "--listen", "127.0.0.1:0", "--tls-cert", "x.crt")
        #expect(half.status != 0 && half.stderr.contains("--tls-cert and --tls-key go together"), "\(half.stderr)")
        let missing = try vault.run("serve", "--data-dir", "net/node", "--listen", "127.0.0.1:0", "--tls-cert", "absent.crt", "--tls-key", "absent.key")
        #expect(missing.status != 0 && missing.stderr.contains("absent.crt"), "\(missing.stderr)")
    }

    @Test func requestsOverTheSizeLimitsGetProblemDocuments() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("init", "--data-dir", "net").succeeded)
        let (server, url) = try vault.serve(node: "net/node")
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }

        // 431: headers beyond 16 KiB.
        let padding = String(repeating: "a", count: 20_000)
        let headers = try vault.tool("curl", ["-sS", "-o", "headers.json", "-w", "%{http_code}", "-H", "X-Padding: \(padding)", url + "/v1/records"])
        #expect(headers.stdout == "431", "\(headers.stdout) \(headers.stderr)")
        #expect(vault.read("headers.json")?.contains("urn:record-vault:problem:headers-too-large") == true)

        // 413: a body beyond 32 MiB, refused from its Content-Length.
        try Data(count: 33 << 20).write(to: URL(fileURLWithPath: vault.path("big.bin")))
        let body = try vault.tool("curl", ["-sS", "-o", "body.json", "-w", "%{http_code}", "-H", "Content-Type: application/json",
                                           "--data-binary", "@big.bin", url + "/v1/records"])
        #expect(body.stdout == "413", "\(body.stdout) \(body.stderr)")
        #expect(vault.read("body.json")?.contains("urn:record-vault:problem:too-large") == true, "\(vault.read("body.json") ?? "")")
        // The node is still serving.
        let health = try vault.tool("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", url + "/v1/health"])
        #expect(health.stdout == "200")
    }
}
