import Foundation
import Testing

/// Issue 15: one table of exit codes for every command (`vault help
/// exit-codes`), each code produced by the failure it names, and errors as
/// JSON objects when `--json` is given.
@Suite struct ExitCodeCLITests {
    @Test func theTableIsShownByHelpExitCodes() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        for arguments in [["help", "exit-codes"], ["exit-codes"]] {
            let shown = try vault.run(arguments)
            #expect(shown.succeeded, "\(arguments): \(shown.stderr)")
            for (code, name) in [(0, "success"), (1, "internal"), (2, "usage"), (3, "input_refused"), (4, "access_denied"),
                                 (5, "integrity_failure"), (6, "unavailable")] {
                #expect(shown.stdout.contains("  \(code)  \(name)"), "\(arguments) lacks \(code) \(name): \(shown.stdout)")
            }
        }
    }

    @Test func eachExitCodeComesFromTheFailureItNames() throws {
        let v = try ScriptingVault(clearance: 2)
        defer { v.cleanUp() }
        try v.vault.write("note.json", #"{"resourceType":"Bundle"}"#)
        try v.require(v.run("encrypt", "--public", "v/authority/public.key", "--policy", "role:nurse AND clearance >= 3",
                            "--in", "note.json", "--out", "note.abe"))
        try v.require(v.run("authority", "keygen", "--authority", "v/authority", "--attributes", "role:nurse, clearance=2", "--out", "low.key"))
        try v.require(v.run("authority", "keygen", "--authority", "v/authority", "--attributes", "role:nurse, clearance=5", "--out", "high.key"))

        // 2 usage: an unknown option, a malformed --expect, a contradiction.
        #expect(try v.run("encrypt", "--bogus").status == 2)
        let expect = try v.run("chain", "verify", "--expect", "garbage")
        #expect(expect.status == 2 && expect.stderr.contains("HEIGHT:HASH"), "\(expect.status) \(expect.stderr)")
        #expect(try v.run("record", "put", "--policy", "role:nurse").status == 2)
        // 3 input refused: a missing file, a malformed policy.
        #expect(try v.run("decrypt", "--key", "low.key", "--in", "nothing.abe", "--out", "x").status == 3)
        #expect(try v.run("policy", "check", "role:nurse AND (").status == 3)
        // 4 access denied: the key does not satisfy the policy.
        let denied = try v.run("decrypt", "--key", "low.key", "--in", "note.abe", "--out", "x")
        #expect(denied.status == 4 && denied.stderr.contains("not satisfied"), "\(denied.status) \(denied.stderr)")
        // 5 integrity failure: one flipped byte in the sealed record.
        var altered = try Data(contentsOf: URL(fileURLWithPath: v.path("note.abe")))
        altered[altered.count - 1] ^= 1
        try altered.write(to: URL(fileURLWithPath: v.path("altered.abe")))
        let tampered = try v.run("decrypt", "--key", "high.key", "--in", "altered.abe", "--out", "x")
        #expect(tampered.status == 5, "\(tampered.status) \(tampered.stderr)")
        #expect(!FileManager.default.fileExists(atPath: v.path("x")))
        // To standard output too, nothing of an unauthenticated record is written.
        let tamperedOut = try v.vault.run(["decrypt", "--key", "high.key", "--in", "altered.abe", "--out", "-"], stdin: nil)
        #expect(tamperedOut.status == 5 && tamperedOut.stdoutBytes.isEmpty, "\(tamperedOut.stdoutBytes.count) bytes written")
        // 6 unavailable: no node listens there.
        let unreachable = try v.run("record", "list", "--node", "http://127.0.0.1:9", "--party", "alice")
        #expect(unreachable.status == 6, "\(unreachable.status) \(unreachable.stderr)")
        // 1 internal: the system fails a write (standard output is /dev/full).
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let noSpace = try v.vault.run(["decrypt", "--key", "high.key", "--in", "note.abe", "--out", "-"], stdin: nil, stdoutFile: full)
        #expect(noSpace.status == 1 && noSpace.stderr.contains("standard output"), "\(noSpace.status) \(noSpace.stderr)")
        // 0: it works.
        #expect(try v.run("decrypt", "--key", "high.key", "--in", "note.abe", "--out", "x").status == 0)
    }

    @Test func errorsAreJSONObjectsWithJSON() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        for (arguments, status, code) in [
            (["record", "show", "rec-0000000000000000", "--json"], "input_refused", 3),
            (["chain", "verify", "--expect", "garbage", "--json"], "usage", 2),
            (["record", "list", "--json", "--node", "http://127.0.0.1:9", "--party", "alice"], "unavailable", 6),
        ] {
            let failed = try v.vault.run(arguments)
            #expect(failed.status == Int32(code), "\(arguments): \(failed.status) \(failed.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(failed.stderr.utf8)) as? [String: Any]
            let error = try #require(object?["error"] as? [String: Any], "\(arguments): \(failed.stderr)")
            #expect(error["status"] as? String == status)
            #expect(error["exit_code"] as? Int == code)
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(failed.stdout.isEmpty)
        }
    }

    @Test func optionsThatDoNotApplyAreRefused() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        let fabeo = try vault.run("authority", "setup", "--scheme", "fabeo", "--reuse-bound", "3", "--out", "auth")
        #expect(fabeo.status == 2 && fabeo.stderr.contains("FAME only"), "\(fabeo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: vault.path("auth")))
        let resume = try vault.run("record", "put", "--policy", "role:nurse", "--in", "x", "--resume")
        #expect(resume.status == 2 && resume.stderr.contains("--resume"), "\(resume.stderr)")
        #expect(try vault.run("authority", "setup", "--scheme", "fame", "--reuse-bound", "3", "--out", "auth").succeeded)
    }

    @Test func eraseAsksOrTakesYes() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        let id = try v.put("to be erased", policy: "role:nurse")
        let unconfirmed = try v.run("record", "erase", id)
        #expect(unconfirmed.status == 2 && unconfirmed.stderr.contains("--yes"), "\(unconfirmed.stderr)")
        #expect(try v.run("record", "show", id).stdout.contains("erased") == false, "nothing was erased")
        try v.require(v.run("record", "erase", id, "--yes"))
        #expect(try v.run("record", "show", id).stdout.contains("erased"))
    }
}
