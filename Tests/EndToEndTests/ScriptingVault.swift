import Foundation
import Testing

/// An embedded vault (`vault init` in ./v) with a reader, dr-alice in
/// ./alice holding alice/alice.key for `role:nurse, hospital:A,
/// clearance=<clearance>`: the setting of the scripting tests (issue 15).
struct ScriptingVault {
    var vault: VaultProcess

    init(clearance: Int = 5) throws {
        vault = try VaultProcess()
        vault.environment["VAULT_DATA_DIR"] = vault.path("v")
        vault.environment["VAULT_NODE"] = ""
        vault.environment["VAULT_PARTY"] = ""
        try require(vault.run("init", "--organisation", "Hospital A"))
        let identity = try require(vault.run("identity", "new", "--member", "dr-alice", "--folder", "alice"))
        let publicKey = identity.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try require(vault.run("member", "add", "--id", "dr-alice", "--role", "clinician", "--public-key", publicKey))
        try require(vault.run("authority", "keygen", "--holder", "dr-alice", "--attributes",
                              "role:nurse, hospital:A, clearance=\(clearance)", "--out", "alice/alice.key"))
    }

    @discardableResult
    func require(_ result: VaultProcess.Result, _ what: String = "") throws -> VaultProcess.Result {
        try #require(result.succeeded, "\(what) exit \(result.status): \(result.stdout)\(result.stderr)")
        return result
    }

    /// Puts `text` under `policy` as the provider; returns the record id.
    func put(_ text: String, policy: String) throws -> String {
        try vault.write("put-input", text)
        let put = try require(vault.run("record", "put", "--policy", policy, "--in", "put-input"))
        return put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func run(_ arguments: String...) throws -> VaultProcess.Result { try vault.run(arguments) }
    func path(_ name: String) -> String { vault.path(name) }
    func cleanUp() { vault.cleanUp() }
}
