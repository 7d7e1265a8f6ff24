import Foundation
import Testing
@testable import Ledger
@testable import LedgerSQLite

/// The `vault chain` and `vault audit` commands end to end, through the
/// built binary: exit codes and the lines a person reads.
@Suite struct CommandLineTests {
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    let vault: URL
    let directory: TemporaryDirectory

    init() throws {
        vault = try CrashTests().vaultBinary()
        directory = try TemporaryDirectory()
    }

    func path(_ name: String) -> String { directory.url.appendingPathComponent(name).path }

    @discardableResult
    func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = vault
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        // Without the shell's vault settings: only this test's data directory.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VAULT_") || $0.key.hasPrefix("VAULT_TEST_") }
        environment["VAULT_DATA_DIR"] = path("data")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                   errors: String(decoding: errors, as: UTF8.self))
    }

    func write(_ name: String, _ json: String) throws {
        try Data(json.utf8).write(to: URL(fileURLWithPath: path(name)))
    }

    func publicKey(_ run: Run) throws -> String {
        let line = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("public key: ") })
        return String(line.dropFirst("public key: ".count))
    }

    @Test func initSubmitAuditProveAndCatchTampering() throws {
        let admin = try run(["chain", "keygen", "--id", "admin-1", "--out", path("admin.key")])
        let provider = try run(["chain", "keygen", "--id", "prov-1", "--out", path("prov.key")])
        #expect(admin.status == 0 && provider.status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path("admin.key"))[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let keyFile = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("admin.key")))) as? [String: String]
        let secret = try #require(keyFile?["secret_key"])
        #expect(!admin.output.contains(secret) && !admin.errors.contains(secret), "the secret key is never printed")

        try write("members.json", """
            {"chain_name": "cli-test", "members": [
              {"id": "admin-1", "organisation": "St Mary", "roles": ["admin", "validator"], "public_key": "\(try publicKey(admin))"},
              {"id": "prov-1", "organisation": "St Mary", "roles": ["provider"], "public_key": "\(try publicKey(provider))"}]}
            """)
        #expect(try run(["chain", "init", "--members", path("members.json"), "--sealer-key", path("admin.key")]).status == 0)
        #expect(FileManager.default.fileExists(atPath: path("data/chain.sqlite")), "VAULT_DATA_DIR is honoured")

        let hash = String(repeating: "ab", count: 32)
        try write("anchor.json", """
            {"type": "RecordAnchored", "record_id": "rec-1", "ciphertext_sha256": "\(hash)", "policy": "role:gp",
             "scheme": "FAME", "lsss_rows": 1, "ciphertext_bytes": 100, "patient_commitment": "\(hash)"}
            """)
        try write("access.json", #"{"type": "AccessLogged", "record_id": "rec-1", "reader": "dr-house", "outcome": "denied"}"#)
        let anchored = try run(["chain", "submit", "--key", path("prov.key"), "--payload", path("anchor.json"),
                                "--sealer-key", path("admin.key")])
        #expect(anchored.status == 0)
        #expect(try run(["chain", "submit", "--key", path("prov.key"), "--payload", path("access.json"),
                         "--sealer-key", path("admin.key")]).status == 0)

        // A refusal names its reason and changes nothing.
        let refused = try run(["chain", "submit", "--key", path("admin.key"), "--payload", path("anchor.json"),
                               "--sealer-key", path("admin.key")])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("wrong role"))

        let audit = try run(["audit", "--record", "rec-1", "--json"])
        #expect(audit.status == 0)
        let events = try JSONDecoder().decode([AuditEvent].self, from: Data(audit.output.utf8))
        #expect(events.map(\.action) == ["C", "R"])
        #expect(events.last?.outcome == "denied")

        let txID = try #require(anchored.output.split(separator: " ").first { $0.count == 64 }.map(String.init))
        #expect(try run(["chain", "prove", "--tx", txID, "--out", path("proof.json")]).status == 0)
        let again = try run(["chain", "prove", "--tx", txID, "--out", path("proof.json")])
        #expect(again.status == 3 && again.errors.contains("already exists"), "an existing proof file is never replaced: \(again.errors)")
        let checked = try run(["chain", "check-proof", "--proof", path("proof.json")])
        #expect(checked.status == 0)
        #expect(checked.output.contains("seal by admin-1 is valid"))

        let valid = try run(["chain", "verify"])
        #expect(valid.status == 0)
        #expect(valid.output.contains("chain valid: 3 blocks, 2 transactions"))

        // One byte of the first transaction, changed from outside.
        let db = try SQLiteDatabase(path: path("data/chain.sqlite"), mode: .readWrite)
        var data: [UInt8] = []
        try db.prepare("SELECT data FROM entries WHERE height = 1").forEachRow { data = $0.blob(0) }
        let at = try #require(data.firstRange(of: Array("role:gp".utf8))).lowerBound
        data[at + 5] = UInt8(ascii: "G")
        try db.prepare("UPDATE entries SET data = ?1 WHERE height = 1").run([.blob(data)])
        let tampered = try run(["chain", "verify"])
        #expect(tampered.status == 5, "integrity failure in the exit-code table")
        #expect(tampered.output.contains("chain INVALID at height 1"))
        #expect(try run(["chain", "verify", "--data-dir", path("elsewhere")]).status != 0)
    }
}
