import Foundation
import Testing

/// The vault through its built binary: init, keys, put, get, consent, erase,
/// audit, verify, doctor, and the failure cases, including a crash between
/// the blob write and the anchor.
@Suite struct VaultStoryTests {
    func makeVault() throws -> VaultProcess {
        var vault = try VaultProcess()
        vault.environment["VAULT_DATA_DIR"] = vault.path("data")
        return vault
    }

    @Test func fullStoryWithRefusals() throws {
        let vault = try makeVault()
        defer { vault.cleanUp() }
        let noVault = try vault.run("record", "list")
        #expect(noVault.status != 0 && noVault.stderr.contains("run `vault init`"))
        #expect(try vault.run("init").succeeded)
        let again = try vault.run("init")
        #expect(again.status != 0 && again.stderr.contains("refusing to overwrite"))
        #expect(try vault.run("authority", "keygen", "--holder", "alice", "--attributes", "role:cardiologist, hospital:A",
                              "--expires", "2058-01-01", "--out", "alice.key").succeeded)
        #expect(try vault.run("authority", "keygen", "--holder", "bob", "--attributes", "role:nurse, hospital:B", "--out", "bob.key").succeeded)
        try vault.write("note.json", #"{"resourceType":"Bundle","id":"n1"}"#)
        let put = try vault.run("record", "put", "--policy", "role:cardiologist AND hospital:A", "--in", "note.json", "--patient", "P-1")
        #expect(put.succeeded, "\(put.stderr)")
        let id = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("rec-"))
        #expect(try vault.run("record", "get", id, "--key", "alice.key", "--out", "out.json").succeeded)
        #expect(vault.read("out.json") == #"{"resourceType":"Bundle","id":"n1"}"#)
        let denied = try vault.run("record", "get", id, "--key", "bob.key", "--out", "bob.json")
        #expect(denied.status != 0 && denied.stderr.contains("denied"))
        #expect(vault.read("bob.json") == nil)
        let unknown = try vault.run("record", "get", "rec-nope", "--key", "alice.key", "--out", "x.json")
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown record"))

        // Consent: grant bob, then revoke back to cardiologists.
        #expect(try vault.run("consent", "grant", id, "--policy", "role:nurse AND hospital:B").succeeded)
        #expect(try vault.run("record", "get", id, "--key", "bob.key", "--out", "bob2.json").succeeded)
        #expect(try vault.run("consent", "revoke", id, "--policy", "role:cardiologist AND hospital:A").succeeded)
        let revoked = try vault.run("record", "get", id, "--key", "bob.key", "--out", "bob3.json")
        #expect(revoked.status != 0 && revoked.stderr.contains("denied"))

        // A tampered blob is refused and the refusal is logged.
        let blobs = try FileManager.default.contentsOfDirectory(atPath: vault.path("data/blobs")).filter { !$0.hasPrefix(".") }
        #expect(blobs.count == 1, "old blobs are destroyed on consent changes")
        let blobPath = vault.path("data/blobs/\(blobs[0])")
        var blob = try Data(contentsOf: URL(fileURLWithPath: blobPath))
        let original = blob
        blob[blob.count - 3] ^= 1
        try blob.write(to: URL(fileURLWithPath: blobPath))
        let mismatch = try vault.run("record", "get", id, "--key", "alice.key", "--out", "t.json")
        #expect(mismatch.status != 0 && mismatch.stderr.contains("does not match its anchor"))
        try original.write(to: URL(fileURLWithPath: blobPath))

        let audit = try vault.run("audit", "--record", id, "--json")
        #expect(audit.succeeded && audit.stdout.contains("denied") && audit.stdout.contains("failed") && audit.stdout.contains("ConsentChanged"))
        #expect(try vault.run("chain", "verify").succeeded)
        #expect(try vault.run("doctor").succeeded)

        #expect(try vault.run("record", "erase", id, "--reason", "patient request").succeeded)
        let erased = try vault.run("record", "get", id, "--key", "alice.key", "--out", "e.json")
        #expect(erased.status != 0 && erased.stderr.contains("erased on"))
        let list = try vault.run("record", "list", "--json")
        #expect(list.succeeded && list.stdout.contains("erased_at"))
        #expect(try vault.run("chain", "verify").succeeded)
    }

    @Test func aCrashBetweenBlobAndAnchorIsRecovered() throws {
        var vault = try makeVault()
        defer { vault.cleanUp() }
        #expect(try vault.run("init").succeeded)
        try vault.write("note.json", "a note")
        vault.environment["VAULT_CRASH_AT"] = "after-blob"
        let crashed = try vault.run("record", "put", "--policy", "role:nurse", "--in", "note.json")
        #expect(crashed.status == 86, "the injected crash ends the process (\(crashed.status))")
        vault.environment["VAULT_CRASH_AT"] = nil
        // The chain still verifies; the leftovers are found, then removed.
        #expect(try vault.run("chain", "verify").succeeded)
        let found = try vault.run("doctor")
        #expect(found.status != 0 && found.stdout.contains("blob without an anchor") && found.stdout.contains("--repair"))
        let repaired = try vault.run("doctor", "--repair")
        #expect(repaired.succeeded && repaired.stdout.contains("removed blob without an anchor"))
        #expect(try vault.run("doctor").succeeded)
        let list = try vault.run("record", "list")
        #expect(list.stdout.contains("no records yet"))
        // And the vault keeps working.
        #expect(try vault.run("record", "put", "--policy", "role:nurse", "--in", "note.json").succeeded)
        #expect(try vault.run("doctor").succeeded)
    }

    @Test func demoPasses() throws {
        let vault = try makeVault()
        defer { vault.cleanUp() }
        let demo = try vault.run("demo")
        #expect(demo.succeeded, "\(demo.stdout)\n\(demo.stderr)")
        #expect(demo.stdout.contains("every step behaved as described"))
    }
}
