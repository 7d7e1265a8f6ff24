import Foundation
import Testing

/// Issue 15: stored policies are shown as written, with comparisons and
/// dates, never as compiled bit attributes (those only with --compiled);
/// a denial names what the nearest clause still needs.
@Suite struct ReadablePolicyCLITests {
    @Test func recordListShowAndDenialsShowPoliciesAsWritten() throws {
        let v = try ScriptingVault(clearance: 2)
        defer { v.cleanUp() }
        let written = "role:nurse AND clearance >= 3 AND valid_until >= 2027-01-01"
        let id = try v.put("{}", policy: written)

        let list = try v.require(v.run("record", "list"))
        #expect(list.stdout.contains(written) && !list.stdout.contains("#b"), "\(list.stdout)")
        let show = try v.require(v.run("record", "show", id))
        #expect(show.stdout.contains("policy:   \(written)"), "\(show.stdout)")
        let json = try v.require(v.run("record", "list", "--json"))
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(records.first?["policy"] as? String == written)

        let compiled = try v.require(v.run("record", "list", "--compiled"))
        #expect(compiled.stdout.contains("clearance#b") && compiled.stdout.contains("valid_until#b"), "\(compiled.stdout)")

        // dr-alice holds clearance=2 and no valid_until: the denial says what is missing, as written.
        let denied = try v.run("record", "get", id, "--party", "alice", "--key", "alice/alice.key", "--out", "x")
        #expect(denied.status == 4, "\(denied.status) \(denied.stderr)")
        #expect(denied.stderr.contains("clearance >= 3") && denied.stderr.contains("valid_until >= 2027-01-01"), "\(denied.stderr)")
        #expect(!denied.stderr.contains("#b"), "\(denied.stderr)")
    }

    @Test func decryptDenialNamesTheMissingAttributes() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("authority", "setup", "--out", "authority").succeeded)
        try vault.write("note.json", "{}")
        #expect(try vault.run("encrypt", "--public", "authority/public.key", "--policy",
                              "(role:cardiologist AND dept:cardiology AND hospital:A) OR (role:nurse AND hospital:A AND clearance >= 5)",
                              "--in", "note.json", "--out", "note.abe").succeeded)
        #expect(try vault.run("authority", "keygen", "--authority", "authority", "--attributes", "role:nurse, hospital:A, clearance=3",
                              "--out", "nurse.key").succeeded)
        let denied = try vault.run("decrypt", "--key", "nurse.key", "--in", "note.abe", "--out", "note.out")
        #expect(denied.status == 4)
        #expect(denied.stderr.contains("the nearest clause also needs clearance >= 5"), "\(denied.stderr)")
        let inspected = try vault.run("inspect", "note.abe", "--compiled")
        #expect(inspected.stdout.contains("clearance#b"), "\(inspected.stdout)")
    }
}
