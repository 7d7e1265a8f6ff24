import Foundation
import Testing

/// Issue 12: commands that only read the chain open it read-only, so a
/// read-only snapshot of a vault can be verified and audited without a file
/// appearing in it; and text from outside is shown escaped, never raw.
@Suite struct ReadOnlyAndEscapingCLITests {
    /// Every file below `root`, with its size.
    private func listing(_ root: String) -> [String: Int] {
        var files: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let name = enumerator?.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + name)
            files[name] = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        }
        return files
    }

    private func embeddedVault(organisation: String) throws -> VaultProcess {
        var vault = try VaultProcess()
        vault.environment["VAULT_DATA_DIR"] = vault.path("v")
        vault.environment["VAULT_NODE"] = ""
        vault.environment["VAULT_PARTY"] = ""
        let made = try vault.run("init", "--organisation", organisation)
        #expect(made.succeeded, "\(made.stderr)")
        try vault.write("r.json", #"{"resourceType":"Bundle"}"#)
        let put = try vault.run("record", "put", "--policy", "role:nurse AND hospital:A", "--in", "r.json")
        #expect(put.succeeded, "\(put.stderr)")
        return vault
    }

    @Test func aReadOnlySnapshotVerifiesAndAuditsAndGainsNoFile() throws {
        let vault = try embeddedVault(organisation: "Hospital A")
        defer {
            let chmod = Process()
            chmod.executableURL = URL(fileURLWithPath: "/bin/chmod")
            chmod.arguments = ["-R", "u+w", vault.path("snapshot")]
            try? chmod.run(); chmod.waitUntilExit()
            vault.cleanUp()
        }
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = ["-a", vault.path("v"), vault.path("snapshot")]
        try copy.run(); copy.waitUntilExit()
        let chmod = Process()
        chmod.executableURL = URL(fileURLWithPath: "/bin/chmod")
        chmod.arguments = ["-R", "a-w", vault.path("snapshot")]
        try chmod.run(); chmod.waitUntilExit()
        let before = listing(vault.path("snapshot"))
        #expect(before["node/chain.sqlite"] != nil && before["node/chain.sqlite-shm"] == nil, "\(before.keys.sorted())")

        let verify = try vault.run("chain", "verify", "--data-dir", vault.path("snapshot"))
        #expect(verify.succeeded && verify.stdout.contains("chain valid"), "\(verify.stdout)\(verify.stderr)")
        let audit = try vault.run("audit", "--data-dir", vault.path("snapshot"), "--type", "RecordAnchored")
        #expect(audit.succeeded && audit.stdout.contains("RecordAnchored"), "\(audit.stdout)\(audit.stderr)")
        let show = try vault.run("chain", "show", "--data-dir", vault.path("snapshot"))
        #expect(show.succeeded, "\(show.stderr)")
        #expect(listing(vault.path("snapshot")) == before, "new or changed files: \(listing(vault.path("snapshot")).keys.sorted())")

        // The live vault still takes writes after its reads.
        #expect(try vault.run("chain", "verify").succeeded)
        #expect(try vault.run("record", "put", "--policy", "role:nurse", "--in", "r.json").succeeded)
        #expect(listing(vault.path("v"))["node/chain.sqlite-shm"] == nil, "a stray -shm was left in the live vault")
    }

    @Test func outsideTextIsShownEscaped() throws {
        // U+200B and a right-to-left override in the organisation: stored on
        // the chain as free text (no control characters), shown escaped.
        let vault = try embeddedVault(organisation: "Hospital\u{200B}A\u{202E}")
        defer { vault.cleanUp() }
        let show = try vault.run("chain", "show")
        #expect(show.succeeded, "\(show.stderr)")
        #expect(show.stdout.contains(#"Hospital\u{200B}A\u{202E}"#) && !show.stdout.contains("\u{200B}"), "\(show.stdout)")
        let audit = try vault.run("audit", "--type", "RecordAnchored")
        #expect(audit.succeeded, "\(audit.stderr)")
        #expect(audit.stdout.contains(#"Hospital\u{200B}A\u{202E}"#) && !audit.stdout.contains("\u{202E}"), "\(audit.stdout)")
        let members = try vault.run("chain", "members")
        #expect(members.stdout.contains(#"\u{200B}"#) && !members.stdout.contains("\u{200B}"), "\(members.stdout)")

        // A policy with an ESC and a U+200B: the refusal shows them escaped.
        let check = try vault.run("policy", "check", "role:nurse\u{1B}[31m AND hospital\u{200B}:A")
        #expect(!check.succeeded)
        #expect(!check.stderr.contains("\u{1B}") && !check.stderr.contains("\u{200B}") && check.stderr.contains(#"\u{1B}"#), "\(check.stderr)")
    }
}
