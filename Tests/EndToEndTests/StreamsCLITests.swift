import Foundation
import Testing

/// Issue 15: `-` is standard input for `--in` and standard output for
/// `--out`; inputs that are no readable, non-empty file are refused naming
/// the path, before anything is stored.
@Suite struct StreamsCLITests {
    @Test func encryptKeygenDecryptAndInspectWorkThroughPipes() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        let note = Data(#"{"resourceType":"Bundle","note":"piped"}"#.utf8)
        let sealed = try v.vault.run(["encrypt", "--public", v.path("v/authority/public.key"), "--policy",
                                      "role:nurse AND clearance >= 3", "--in", "-", "--out", "-"], stdin: note)
        try v.require(sealed)
        #expect(sealed.stderr.contains("encrypted \(note.count) bytes to standard output"), "\(sealed.stderr)")
        let inspected = try v.vault.run(["inspect", "-"], stdin: sealed.stdoutBytes)
        #expect(inspected.succeeded && inspected.stdout.contains("policy:     role:nurse AND clearance >= 3"), "\(inspected.stdout)\(inspected.stderr)")
        // A key on a pipe is allowed (it is not a terminal).
        let key = try v.vault.run(["authority", "keygen", "--authority", v.path("v/authority"), "--attributes",
                                   "role:nurse, clearance=4", "--out", "-"], stdin: nil)
        try v.require(key)
        try key.stdoutBytes.write(to: URL(fileURLWithPath: v.path("piped.key")))
        let opened = try v.vault.run(["decrypt", "--key", "piped.key", "--in", "-", "--out", "-"], stdin: sealed.stdoutBytes)
        try v.require(opened)
        #expect(opened.stdoutBytes == note)
        #expect(opened.stderr.contains("decrypted \(note.count) bytes to standard output"))
    }

    @Test func aKeyIsNeverPrintedOnATerminal() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        // script(1) runs the command with a pseudo-terminal as its standard output.
        for command in ["authority keygen --authority v/authority --attributes 'role:nurse' --out -",
                        "chain keygen --id dr-t --out -"] {
            let ran = try v.vault.tool("script", ["-qec", "\(v.vault.binary.path) \(command)", "/dev/null"])
            #expect(ran.status == 2, "\(command): exit \(ran.status)")
            #expect(ran.stdout.contains("refusing to print") && !ran.stdout.contains("secret_key") && !ran.stdout.contains("\"format\""),
                    "\(command): \(ran.stdout)")
        }
    }

    @Test func recordPutAndGetThroughStandardStreams() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        let body = Data("lab result read from a pipe\n".utf8)
        let put = try v.vault.run(["record", "put", "--policy", "role:nurse AND hospital:A", "--in", "-"], stdin: body)
        try v.require(put)
        let id = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("rec-"))
        let got = try v.vault.run(["record", "get", id, "--party", "alice", "--key", "alice/alice.key", "--out", "-"], stdin: nil)
        try v.require(got)
        #expect(got.stdoutBytes == body, "stdout carries the record only; the report goes to stderr: \(got.stderr)")
    }

    @Test func inputsThatAreNoReadableNonEmptyFileAreRefusedNamingThePath() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        try v.vault.write("empty.json", "")
        try FileManager.default.createDirectory(atPath: v.path("folder"), withIntermediateDirectories: true)
        #expect(mkfifo(v.path("fifo"), 0o600) == 0)
        let cases: [(String, String)] = [("empty.json", "is empty"), ("folder", "is a directory"), ("fifo", "is a FIFO"),
                                         ("missing.json", "does not exist")]
        for (name, reason) in cases {
            let put = try v.run("record", "put", "--policy", "role:nurse", "--in", name)
            #expect(put.status == 3, "\(name): exit \(put.status) \(put.stderr)")
            #expect(put.stderr.contains(name) && put.stderr.contains(reason), "\(name): \(put.stderr)")
            let encrypt = try v.run("encrypt", "--public", "v/authority/public.key", "--policy", "role:nurse", "--in", name, "--out", "x.abe")
            #expect(encrypt.status == 3 && encrypt.stderr.contains(reason), "\(name): \(encrypt.stderr)")
            #expect(!FileManager.default.fileExists(atPath: v.path("x.abe")))
        }
        let empty = try v.vault.run(["record", "put", "--policy", "role:nurse", "--in", "-"], stdin: Data())
        #expect(empty.status == 3 && empty.stderr.contains("standard input is empty"), "\(empty.stderr)")
        if geteuid() != 0 {  // root reads a mode-000 file anyway
            try v.vault.write("locked.json", "{}")
            chmod(v.path("locked.json"), 0)
            let locked = try v.run("record", "put", "--policy", "role:nurse", "--in", "locked.json")
            #expect(locked.status == 3 && locked.stderr.contains("locked.json cannot be read"), "\(locked.stderr)")
        }
        // Nothing was anchored by any refusal.
        let listed = try v.run("record", "list", "--ids")
        #expect(listed.succeeded && listed.stdout.isEmpty, "\(listed.stdout)")
    }

    @Test func chainKeysAndProposalsGoThroughStandardStreams() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        func key(_ id: String) throws -> String {
            let made = try vault.run(["chain", "keygen", "--id", id, "--out", "-"], stdin: nil)
            try #require(made.succeeded, "\(made.stderr)")
            #expect(made.stdout.contains("\"secret_key\"") && made.stderr.hasPrefix("public key: "), "\(made.stderr)")
            try made.stdoutBytes.write(to: URL(fileURLWithPath: vault.path(id + ".key")))
            chmod(vault.path(id + ".key"), 0o600)
            return String(made.stderr.dropFirst("public key: ".count)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let first = try key("admin-1"), second = try key("admin-2"), third = try key("dr-x")
        try vault.write("members.json", """
            {"chain_name": "streams", "members": [
              {"id": "admin-1", "organisation": "St Mary", "roles": ["admin", "validator"], "public_key": "\(first)"},
              {"id": "admin-2", "organisation": "St Mary", "roles": ["admin"], "public_key": "\(second)"}]}
            """)
        #expect(try vault.run(["chain", "init", "--data-dir", "c", "--members", "-", "--sealer-key", "admin-1.key"],
                              stdin: Data(vault.read("members.json")!.utf8)).succeeded)
        try vault.write("add.json", """
            {"type": "MemberAdded", "member": {"id": "dr-x", "organisation": "St Mary", "roles": ["clinician"], "public_key": "\(third)"}}
            """)
        let proposed = try vault.run(["chain", "propose", "--data-dir", "c", "--key", "admin-1.key", "--payload", "add.json", "--out", "-"], stdin: nil)
        try #require(proposed.succeeded, "\(proposed.stderr)")
        try proposed.stdoutBytes.write(to: URL(fileURLWithPath: vault.path("proposal.json")))
        #expect(try vault.run("chain", "approve", "--key", "admin-2.key", "--proposal", "-").status == 2, "approve rewrites its file")
        #expect(try vault.run("chain", "approve", "--key", "admin-2.key", "--proposal", "proposal.json").succeeded)
        let submitted = try vault.run(["chain", "submit", "--data-dir", "c", "--key", "admin-1.key", "--proposal", "-",
                                       "--sealer-key", "admin-1.key"], stdin: Data(vault.read("proposal.json")!.utf8))
        #expect(submitted.succeeded && submitted.stdout.contains("MemberAdded"), "\(submitted.stderr)")
    }
}
