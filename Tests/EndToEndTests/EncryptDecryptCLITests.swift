import Foundation
import Testing

/// `vault authority`, `encrypt`, `decrypt` and `inspect` as a person runs them.
@Suite struct EncryptDecryptCLITests {
    @Test(arguments: ["fabeo", "fame"])
    func roundTripAndRefusals(scheme: String) throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("authority", "setup", "--scheme", scheme, "--out", "authority").succeeded)
        let attributes = try FileManager.default.attributesOfItem(atPath: vault.path("authority/master.key"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "master.key must be private")
        #expect(try vault.run("authority", "keygen", "--authority", "authority", "--attributes",
                              "role:cardiologist, hospital:A, clearance=3", "--expires", "2058-01-01", "--out", "alice.key").succeeded)
        #expect(try vault.run("authority", "keygen", "--authority", "authority", "--attributes", "role:nurse, hospital:A", "--out", "bob.key").succeeded)
        let note = #"{"resourceType": "Bundle", "type": "document"}"#
        try vault.write("note.json", note)
        let encrypt = try vault.run("encrypt", "--public", "authority/public.key", "--policy",
                                    "role:cardiologist AND hospital:A AND clearance >= 2", "--in", "note.json", "--out", "note.abe")
        #expect(encrypt.succeeded, "\(encrypt.stderr)")
        #expect(try vault.run("decrypt", "--key", "alice.key", "--in", "note.abe", "--out", "note.out").succeeded)
        #expect(vault.read("note.out") == note)

        let denied = try vault.run("decrypt", "--key", "bob.key", "--in", "note.abe", "--out", "bob.out")
        #expect(denied.status != 0 && denied.stderr.contains("policy not satisfied"))
        #expect(vault.read("bob.out") == nil, "nothing is written for a refused key")

        let inspect = try vault.run("inspect", "note.abe", "--json")
        #expect(inspect.succeeded && inspect.stdout.contains("\"scheme\": \"\(scheme)\"") && inspect.stdout.contains("\"total\""))

        // A truncated container names the part; an altered one is refused.
        let container = try Data(contentsOf: URL(fileURLWithPath: vault.path("note.abe")))
        try container.prefix(60).write(to: URL(fileURLWithPath: vault.path("cut.abe")))
        let cut = try vault.run("decrypt", "--key", "alice.key", "--in", "cut.abe", "--out", "cut.out")
        #expect(cut.status != 0 && cut.stderr.contains("malformed container"))
        var altered = container; altered[altered.count - 5] ^= 0x20
        try altered.write(to: URL(fileURLWithPath: vault.path("altered.abe")))
        let tampered = try vault.run("decrypt", "--key", "alice.key", "--in", "altered.abe", "--out", "altered.out")
        #expect(tampered.status != 0 && tampered.stderr.contains("authentication"))
        #expect(vault.read("altered.out") == nil)

        // Nothing is overwritten.
        let again = try vault.run("encrypt", "--public", "authority/public.key", "--policy", "role:nurse", "--in", "note.json", "--out", "note.abe")
        #expect(again.status != 0 && again.stderr.contains("already exists"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path("note.abe"))) == container)
    }

    @Test func typosAndExpiredKeysGetClearErrors() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("authority", "setup", "--out", "authority").succeeded)
        try vault.write("note.txt", "hello")
        let typo = try vault.run("encrypt", "--public", "authority/public.key", "--policy", "role:cardiolgist", "--in", "note.txt", "--out", "x.abe")
        #expect(typo.status != 0 && typo.stderr.contains("did you mean role:cardiologist"))
        let unknown = try vault.run("authority", "keygen", "--authority", "authority", "--attributes", "role:wizard", "--out", "w.key")
        #expect(unknown.status != 0 && unknown.stderr.contains("role:wizard"))
        #expect(try vault.run("authority", "keygen", "--authority", "authority", "--attributes", "role:nurse",
                              "--expires", "2025-06-30", "--out", "old.key").succeeded)
        #expect(try vault.run("encrypt", "--public", "authority/public.key", "--policy", "role:nurse", "--in", "note.txt", "--out", "n.abe").succeeded)
        let expired = try vault.run("decrypt", "--key", "old.key", "--in", "n.abe", "--out", "n.out")
        #expect(expired.status != 0 && expired.stderr.contains("expired on 2025-06-30"))
        let missing = try vault.run("decrypt", "--key", "nope.key", "--in", "n.abe", "--out", "n.out")
        #expect(missing.status != 0 && missing.stderr.contains("does not exist"))
        let armored = try vault.run("encrypt", "--public", "authority/public.key", "--policy", "role:nurse", "--armor",
                                    "--require-valid-keys", "--in", "note.txt", "--out", "a.abe")
        #expect(armored.succeeded && (vault.read("a.abe") ?? "").hasPrefix("-----BEGIN RECORD VAULT CONTAINER-----"))
        // The key without a validity date cannot satisfy "valid_until >= today".
        let inspect = try vault.run("inspect", "a.abe")
        #expect(inspect.stdout.contains("valid_until"))
    }
}

@Suite struct TuneCLITests {
    /// Issue 13: the container keeps only the tuned policy; without a chain
    /// the policy as written is recorded nowhere, and the command says so.
    @Test func encryptTuneStoresOnlyTheTunedPolicyAndStillDecrypts() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("authority", "setup", "--out", "authority").succeeded)
        #expect(try vault.run("authority", "keygen", "--authority", "authority", "--attributes", "role:nurse, hospital:B, dept:cardiology", "--out", "n.key").succeeded)
        try vault.write("r.json", "{}")
        let written = "(role:cardiologist AND hospital:A) OR (role:cardiologist AND hospital:B) OR (role:nurse AND dept:cardiology AND hospital:A) OR (role:nurse AND dept:cardiology AND hospital:B)"
        let encrypt = try vault.run("encrypt", "--public", "authority/public.key", "--tune", "--policy", written, "--in", "r.json", "--out", "r.abe")
        #expect(encrypt.succeeded && encrypt.stdout.contains("10 → 5 LSSS rows"), "\(encrypt.stdout)\(encrypt.stderr)")
        #expect(encrypt.stdout.contains("the policy as written is recorded nowhere (no chain): SHA-256 "))
        let inspect = try vault.run("inspect", "r.abe")
        #expect(!inspect.stdout.contains("as written") && inspect.stdout.contains("LSSS rows:  5"))
        #expect(inspect.stdout.contains("format:     version 2 (binary policy)"))
        #expect(inspect.stdout.contains("policy:     (role:cardiologist OR (role:nurse AND dept:cardiology)) AND (hospital:A OR hospital:B)"), "\(inspect.stdout)")
        #expect(try vault.run("decrypt", "--key", "n.key", "--in", "r.abe", "--out", "r.out").succeeded)
        #expect(vault.read("r.out") == "{}")
    }
}
