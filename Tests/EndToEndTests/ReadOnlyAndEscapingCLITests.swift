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

    private func tool(_ path: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run(); process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(path) \(arguments)")
    }

    /// Closes the chain the way SQLite cleans up: a read-write connection
    /// that closes last removes -wal and -shm. (A node process that exits
    /// without closing its store leaves them, as any SQLite writer does.)
    private func closeCleanly(_ database: String) throws {
        try tool("/usr/bin/env", "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA schema_version'); c.close()", database)
        #expect(!FileManager.default.fileExists(atPath: database + "-shm"))
    }

    /// `chain verify`, `audit` and `chain show` on a `chmod -w` copy succeed and change nothing in it.
    private func readSnapshot(of vault: VaultProcess, named name: String) throws {
        try tool("/bin/cp", "-a", vault.path("v"), vault.path(name))
        try tool("/bin/chmod", "-R", "a-w", vault.path(name))
        defer { try? tool("/bin/chmod", "-R", "u+w", vault.path(name)) }
        let before = listing(vault.path(name))
        let verify = try vault.run("chain", "verify", "--data-dir", vault.path(name))
        #expect(verify.succeeded && verify.stdout.contains("chain valid"), "\(name): \(verify.stdout)\(verify.stderr)")
        let audit = try vault.run("audit", "--data-dir", vault.path(name), "--type", "RecordAnchored")
        #expect(audit.succeeded && audit.stdout.contains("RecordAnchored"), "\(name): \(audit.stdout)\(audit.stderr)")
        #expect(try vault.run("chain", "show", "--data-dir", vault.path(name)).succeeded)
        #expect(listing(vault.path(name)) == before, "\(name): files now \(listing(vault.path(name)).keys.sorted())")
    }

    @Test func aReadOnlySnapshotVerifiesAndAuditsAndGainsNoFile() throws {
        let vault = try embeddedVault(organisation: "Hospital A")
        defer { vault.cleanUp() }
        let chain = vault.path("v/node/chain.sqlite")
        // The node process left its -wal and -shm: a snapshot with them.
        #expect(FileManager.default.fileExists(atPath: chain + "-shm"))
        try readSnapshot(of: vault, named: "with-log")

        // A cleanly closed vault: the snapshot is opened immutable.
        try closeCleanly(chain)
        try readSnapshot(of: vault, named: "clean")

        // On the live vault, a read leaves no -wal or -shm of its own, and writes go on.
        #expect(try vault.run("chain", "verify").succeeded)
        #expect(try vault.run("audit", "--type", "RecordAnchored").succeeded)
        #expect(!FileManager.default.fileExists(atPath: chain + "-shm") && !FileManager.default.fileExists(atPath: chain + "-wal"),
                "a read-only command left \(listing(vault.path("v/node")).keys.sorted())")
        #expect(try vault.run("record", "put", "--policy", "role:nurse", "--in", "r.json").succeeded)
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
