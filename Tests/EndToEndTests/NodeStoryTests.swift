import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import Vault

/// The parties apart, against a real `vault serve` process on loopback:
/// setup, members, keys, put, get, consent, erase, role refusals, an
/// unsigned request, a revoked member, and a graceful SIGTERM.
@Suite struct NodeStoryTests {
    func httpGet(_ url: String) throws -> (Int, String) {
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String) = (0, "")
        URLSession.shared.dataTask(with: URL(string: url)!) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            semaphore.signal()
        }.resume()
        semaphore.wait()
        return result
    }

    @Test func partiesApartThroughTheNode() throws {
        var vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("init", "--data-dir", "net").succeeded)
        let (server, url) = try vault.serve(node: "net/node")
        defer { if server.isRunning { server.terminate() } }
        vault.environment["VAULT_NODE"] = url
        let chainID = try #require(vault.read("net/node/node.json")).split(separator: "\"").drop { $0 != "chain_id" }.dropFirst(2).first.map(String.init) ?? ""

        // Readers make their own identities; the admin adds them.
        for (name, role) in [("dr-alice", "clinician"), ("nurse-bob", "clinician")] {
            let made = try vault.run("identity", "new", "--member", name, "--folder", name, "--chain-id", chainID)
            #expect(made.succeeded, "\(made.stderr)")
            let key = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try vault.run("member", "add", "--party", "net/admin", "--id", name, "--role", role, "--public-key", key).succeeded)
        }
        // Only an admin may add members.
        let notAdmin = try vault.run("member", "add", "--party", "dr-alice", "--id", "eve", "--role", "clinician",
                                     "--public-key", String(repeating: "ab", count: 32))
        #expect(notAdmin.status != 0 && notAdmin.stderr.contains("may not change membership"), "\(notAdmin.stderr)")

        #expect(try vault.run("authority", "keygen", "--party", "net/authority", "--holder", "dr-alice",
                              "--attributes", "role:cardiologist, hospital:A", "--expires", "2058-01-01", "--out", "dr-alice/a.key").succeeded)
        #expect(try vault.run("authority", "keygen", "--party", "net/authority", "--holder", "nurse-bob",
                              "--attributes", "role:nurse, hospital:B", "--out", "nurse-bob/b.key").succeeded)
        try vault.write("note.json", #"{"resourceType":"Bundle","id":"n1"}"#)
        let put = try vault.run("record", "put", "--party", "net/provider", "--policy", "role:cardiologist AND hospital:A",
                                "--in", "note.json", "--patient", "P-1")
        #expect(put.succeeded, "\(put.stderr)")
        let id = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        #expect(try vault.run("record", "get", id, "--party", "dr-alice", "--key", "dr-alice/a.key", "--out", "a.json").succeeded)
        #expect(vault.read("a.json") == #"{"resourceType":"Bundle","id":"n1"}"#)
        // Bob's key does not satisfy the policy: the node refuses before serving, and logs the denial.
        let denied = try vault.run("record", "get", id, "--party", "nurse-bob", "--key", "nurse-bob/b.key", "--out", "b.json")
        #expect(denied.status != 0 && denied.stderr.contains("denied"), "\(denied.stderr)")
        #expect(vault.read("b.json") == nil)
        // Bob cannot use Alice's key: it is bound to her member id.
        let stolen = try vault.run("record", "get", id, "--party", "nurse-bob", "--key", "dr-alice/a.key", "--out", "s.json")
        #expect(stolen.status != 0 && stolen.stderr.contains("issued to dr-alice"), "\(stolen.stderr)")
        // An edited certificate (expiry pushed out) fails the authority's signature.
        let keyText = try #require(vault.read("nurse-bob/b.key"))
        try vault.write("nurse-bob/edited.key", keyText.replacingOccurrences(of: "role:nurse", with: "role:cardiologist"))
        let edited = try vault.run("record", "get", id, "--party", "nurse-bob", "--key", "nurse-bob/edited.key", "--out", "e.json")
        #expect(edited.status != 0, "an edited key file was accepted")

        // The node's directory holds no user secret: no master key, no escrow key, no attribute key.
        let nodeFiles = try FileManager.default.subpathsOfDirectory(atPath: vault.path("net/node"))
        #expect(!nodeFiles.contains { $0.hasSuffix("master.key") || $0.hasSuffix("escrow.key") || $0.hasSuffix("identity.key") })

        // Consent: grant Bob, revoke back.
        #expect(try vault.run("consent", "grant", id, "--party", "net/provider", "--policy", "role:nurse AND hospital:B").succeeded)
        #expect(try vault.run("record", "get", id, "--party", "nurse-bob", "--key", "nurse-bob/b.key", "--out", "b2.json").succeeded)
        #expect(try vault.run("consent", "revoke", id, "--party", "net/provider", "--policy", "role:cardiologist AND hospital:A").succeeded)
        let afterRevoke = try vault.run("record", "get", id, "--party", "nurse-bob", "--key", "nurse-bob/b.key", "--out", "b3.json")
        #expect(afterRevoke.status != 0 && afterRevoke.stderr.contains("denied"))
        let blobs = try vault.storedNames("net/node/blobs")
        #expect(blobs.count == 1, "superseded blobs are destroyed once the new anchor is sealed")

        // Unsigned requests are refused with a problem document.
        let (status, body) = try httpGet(url + "/v1/records")
        #expect(status == 401 && body.contains("urn:record-vault:problem:unauthenticated"))
        #expect(try httpGet(url + "/v1/health").0 == 200)
        #expect(try httpGet(url + "/openapi.yaml").1.contains("openapi: 3.1"))

        // A revoked member is refused at once.
        #expect(try vault.run("member", "revoke", "--party", "net/admin", "--id", "dr-alice").succeeded)
        let revoked = try vault.run("record", "get", id, "--party", "dr-alice", "--key", "dr-alice/a.key", "--out", "r.json")
        #expect(revoked.status != 0 && revoked.stderr.contains("not an active member"), "\(revoked.stderr)")

        // Erasure destroys the blob and escrow, bytes and all; later reads say so.
        func stores() throws -> [FileBlobStore] {
            try ["net/node/escrow", "net/node/blobs"].map { try FileBlobStore(directory: vault.path($0), readOnly: true) }
        }
        let secrets = try stores().map { store in (store.directory, try store.names().compactMap { try store.read($0) }) }
        #expect(secrets.map(\.1.count) == [1, 1])
        #expect(try vault.run("record", "erase", id, "--yes", "--party", "net/provider").succeeded)
        #expect(try vault.storedNames("net/node/escrow").isEmpty && vault.storedNames("net/node/blobs").isEmpty)
        for (store, (_, bytes)) in zip(try stores(), secrets) {
            #expect(bytes.allSatisfy { !store.packsContain($0) }, "the erased bytes are overwritten on disk in \(store.directory)")
        }
        #expect(try !vault.storedNames("net/node/records").contains(id), "the patient salt is destroyed too")
        let erased = try vault.run("record", "get", id, "--party", "nurse-bob", "--key", "nurse-bob/b.key", "--out", "x.json")
        #expect(erased.status != 0 && erased.stderr.contains("was erased on"))

        // SIGTERM stops the node gracefully; the chain it leaves verifies.
        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        vault.environment["VAULT_NODE"] = ""
        let verify = try vault.run("chain", "verify", "--data-dir", "net")
        #expect(verify.succeeded, "\(verify.stdout)\(verify.stderr)")
    }

    /// The embedded default: the same commands with the node opened in process.
    @Test func embeddedVaultCrashBetweenBlobAndAnchorLosesNothing() throws {
        var vault = try VaultProcess()
        defer { vault.cleanUp() }
        vault.environment["VAULT_DATA_DIR"] = vault.path("v")
        vault.environment["VAULT_NODE"] = ""
        vault.environment["VAULT_PARTY"] = ""
        #expect(try vault.run("init").succeeded)
        let again = try vault.run("init")
        #expect(again.status != 0 && again.stderr.contains("refusing to overwrite"))
        let made = try vault.run("identity", "new", "--member", "dr-a", "--folder", "a")
        #expect(made.succeeded, "\(made.stderr)")
        #expect(try vault.run("member", "add", "--id", "dr-a", "--role", "clinician", "--public-key",
                              made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).succeeded)
        #expect(try vault.run("authority", "keygen", "--holder", "dr-a", "--attributes", "role:nurse, hospital:A", "--out", "a/a.key").succeeded)
        try vault.write("r.json", #"{"resourceType":"Bundle"}"#)
        var crashing = vault
        crashing.environment["VAULT_CRASH_AT"] = "after-blob"
        let crashed = try crashing.run("record", "put", "--policy", "role:nurse AND hospital:A", "--in", "r.json")
        #expect(crashed.status == 86)
        let doctor = try vault.run("doctor")
        #expect(doctor.status != 0 && doctor.stdout.contains("blob without an anchor"), "\(doctor.stdout)")
        #expect(try vault.run("doctor", "--repair").succeeded)
        #expect(try vault.run("doctor").stdout.contains("healthy"))
        let put = try vault.run("record", "put", "--policy", "role:nurse AND hospital:A", "--in", "r.json")
        #expect(put.succeeded, "\(put.stderr)")
        let id = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try vault.run("record", "get", id, "--party", "a", "--key", "a/a.key", "--out", "out.json").succeeded)
        #expect(vault.read("out.json") == #"{"resourceType":"Bundle"}"#)
        // A revocation may only narrow access.
        let widening = try vault.run("consent", "revoke", id, "--policy", "role:nurse")
        #expect(widening.status != 0 && widening.stderr.contains("refusing the revocation"), "\(widening.stderr)")
        let listed = try vault.run("record", "list", "--json")
        #expect(listed.succeeded && listed.stdout.contains(id))
        let audit = try vault.run("audit", "--record", id, "--json")
        #expect(audit.succeeded && audit.stdout.contains("dr-a"), "\(audit.stderr)")
        #expect(try vault.run("chain", "verify").succeeded)
        #expect(try vault.run("chain", "verify", "--party", "v/auditor").succeeded, "the auditor replays the chain through the API")
    }

    /// SIGTERM while a batch of puts streams in: every id the client printed
    /// is anchored with its blob, and the chain verifies.
    @Test func sigtermDuringABatchOfPutsLosesNothing() throws {
        var vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("init", "--data-dir", "net").succeeded)
        try FileManager.default.createDirectory(atPath: vault.path("batch"), withIntermediateDirectories: true)
        for i in 0..<60 { try vault.write("batch/r\(i).json", #"{"resourceType":"Bundle","n":\#(i)}"#) }
        let (server, url) = try vault.serve(node: "net/node")
        defer { if server.isRunning { server.terminate() } }
        let client = Process()
        client.executableURL = vault.binary
        client.arguments = ["record", "put", "--party", "net/provider", "--node", url, "--policy", "role:nurse AND hospital:A", "--dir", "batch"]
        client.currentDirectoryURL = vault.directory
        let out = Pipe()
        client.standardOutput = out
        client.standardError = FileHandle.nullDevice
        try client.run()
        Thread.sleep(forTimeInterval: 0.4)
        server.terminate()  // SIGTERM
        server.waitUntilExit()
        client.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").compactMap { $0.split(separator: "\t").last.map(String.init) }
        vault.environment["VAULT_NODE"] = ""
        vault.environment["VAULT_PARTY"] = ""
        let listed = try vault.run("record", "list", "--json", "--data-dir", "net")
        #expect(listed.succeeded, "\(listed.stderr)")
        for id in printed { #expect(listed.stdout.contains(id), "\(id) was printed but is not anchored") }
        let doctor = try vault.run("doctor", "--data-dir", "net")
        #expect(!doctor.stdout.contains("missing or altered"), "\(doctor.stdout)")
        #expect(try vault.run("chain", "verify", "--data-dir", "net").succeeded)
    }

    /// The demo checks every step of the story (reads granted, denied and
    /// failed logged under the readers' ids, erasure, expiry) and exits non-zero otherwise.
    @Test func theDemoTellsTheStory() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        let demo = try vault.run("demo")
        #expect(demo.succeeded, "\(demo.stdout)\(demo.stderr)")
        #expect(demo.stdout.contains("demo finished: every step behaved as described"))
    }
}
