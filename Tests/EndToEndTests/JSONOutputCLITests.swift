import Foundation
import Testing

/// Issue 15: every `--json` output has exactly the keys docs/VAULT.md
/// documents for its command ("JSON output"), in snake_case.
@Suite struct JSONOutputCLITests {
    @Test func jsonOutputsHaveTheirDocumentedKeys() throws {
        let schemas = try DocumentedJSON.schemas()
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        var checked: Set<String> = []
        func json(_ command: String, _ arguments: [String], stdin: Data? = nil, stderr: Bool = false) throws {
            let ran = try v.vault.run(arguments, stdin: stdin)
            try v.require(ran, command)
            try DocumentedJSON.check(command, stderr ? ran.stderr : ran.stdout)
            checked.insert(command)
        }
        try v.vault.write("note.json", #"{"resourceType":"Bundle"}"#)
        try FileManager.default.createDirectory(atPath: v.path("batch"), withIntermediateDirectories: true)
        try v.vault.write("batch/one.json", "{}")

        try json("vault init --json", ["init", "--data-dir", "second", "--json"])
        try json("vault identity new --json", ["identity", "new", "--member", "dr-bob", "--folder", "bob", "--json"])
        let bobKey = try String(contentsOfFile: v.path("bob/party.json"), encoding: .utf8)
        #expect(bobKey.contains("dr-bob"))
        let publicKey = try v.require(v.run("identity", "new", "--member", "dr-carol", "--folder", "carol")).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try json("vault member add --json", ["member", "add", "--id", "dr-carol", "--role", "clinician", "--public-key", publicKey, "--json"])
        try json("vault member revoke --json", ["member", "revoke", "--id", "dr-carol", "--json"])
        try json("vault authority setup --json", ["authority", "setup", "--out", "standalone", "--json"])
        try json("vault authority keygen --json", ["authority", "keygen", "--holder", "dr-alice", "--attributes", "role:nurse, hospital:A",
                                                   "--out", "alice2.key", "--json"])
        try json("vault encrypt --json", ["encrypt", "--public", "v/authority/public.key", "--policy", "role:nurse", "--in", "note.json",
                                          "--out", "note.abe", "--json"])
        try v.require(v.run("authority", "keygen", "--authority", "v/authority", "--attributes", "role:nurse", "--out", "nurse.key"))
        try json("vault decrypt --json", ["decrypt", "--key", "nurse.key", "--in", "note.abe", "--out", "-", "--json"], stderr: true)
        try json("vault inspect --json", ["inspect", "note.abe", "--json"])
        try json("vault policy check --json", ["policy", "check", "role:nurse AND clearance >= 3", "--attributes", "role:nurse, clearance=4", "--json"])
        try json("vault tune --json", ["tune", "--policy", "(role:nurse AND hospital:A) OR (role:nurse AND hospital:B)", "--json"])
        try json("vault record put --json", ["record", "put", "--policy", "role:nurse AND hospital:A", "--in", "note.json", "--json"])
        try json("vault record put --dir --json", ["record", "put", "--policy", "role:nurse", "--dir", "batch", "--json"])
        let id = try v.require(v.run("record", "list", "--ids")).stdout.split(separator: "\n").first.map(String.init) ?? ""
        try json("vault record get --json", ["record", "get", id, "--party", "alice", "--key", "alice/alice.key", "--out", "got.json", "--json"])
        try json("vault record list --json", ["record", "list", "--json"])
        try json("vault record show --json", ["record", "show", id, "--json"])
        try json("vault consent grant --json", ["consent", "grant", id, "--policy", "role:researcher AND study:HF-2026-014", "--json"])
        try json("vault audit --json", ["audit", "--json"])
        try json("vault chain verify --json", ["chain", "verify", "--json"])
        try json("vault chain members --json", ["chain", "members", "--json"])
        try json("vault doctor --json", ["doctor", "--json"])
        try json("vault record erase --json", ["record", "erase", id, "--yes", "--json"])
        try FileManager.default.createDirectory(atPath: v.path("corpus/tiny"), withIntermediateDirectories: true)
        try v.vault.write("corpus/tiny/policies.txt", "(role:nurse AND hospital:A) OR (role:nurse AND hospital:B)\nrole:nurse AND clearance >= 3\n")
        try json("vault bench sizes --json", ["bench", "sizes", "--corpus", "corpus", "--strategies", "greedy", "--budget", "200",
                                              "--csv", "sizes.csv", "--json"])
        #expect(v.vault.read("sizes.csv")?.hasPrefix("family,line,") == true)

        try json("vault chain show --json", ["chain", "show", "--json", "--limit", "3"])
        try json("vault chain reindex --json", ["chain", "reindex", "--json"])
        try json("vault exit-codes --json", ["exit-codes", "--json"])
        let anchors = try JSONSerialization.jsonObject(with: Data(try v.require(v.run("audit", "--type", "RecordAnchored", "--json")).stdout.utf8))
        let txID = try #require((anchors as? [[String: Any]])?.first?["id"] as? String)
        try json("vault chain prove", ["chain", "prove", "--tx", txID])
        try v.require(v.run("chain", "prove", "--tx", txID, "--out", "proof.json"))
        try json("vault chain check-proof --json", ["chain", "check-proof", "--proof", "proof.json", "--json"])

        // The stand-alone chain commands, on a chain of their own.
        let admin = try v.require(v.run("chain", "keygen", "--id", "admin-1", "--out", "admin.key", "--json"))
        try DocumentedJSON.check("vault chain keygen --json", admin.stdout)
        checked.insert("vault chain keygen --json")
        let adminKey = try #require((try JSONSerialization.jsonObject(with: Data(admin.stdout.utf8)) as? [String: Any])?["public_key"] as? String)
        let second = try v.require(v.run("chain", "keygen", "--id", "admin-2", "--out", "admin2.key", "--organisation", "St Mary",
                                         "--roles", "admin", "--json"))
        let secondKey = try #require((try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])?["public_key"] as? String)
        try v.vault.write("members.json", """
            {"chain_name": "json-test", "members": [
              {"id": "admin-1", "organisation": "St Mary", "roles": ["admin", "validator", "provider"], "public_key": "\(adminKey)"},
              {"id": "admin-2", "organisation": "St Mary", "roles": ["admin"], "public_key": "\(secondKey)"}]}
            """)
        try json("vault chain init --json", ["chain", "init", "--data-dir", "solo", "--members", "members.json", "--sealer-key", "admin.key", "--json"])
        let hash = String(repeating: "ab", count: 32)
        try v.vault.write("anchor.json", """
            {"type": "RecordAnchored", "record_id": "rec-1", "ciphertext_sha256": "\(hash)", "policy": "role:gp",
             "scheme": "FABEO", "lsss_rows": 1, "ciphertext_bytes": 100, "patient_commitment": "\(hash)"}
            """)
        try json("vault chain submit --json", ["chain", "submit", "--data-dir", "solo", "--key", "admin.key", "--payload", "anchor.json",
                                               "--sealer-key", "admin.key", "--json"])
        try v.vault.write("add.json", """
            {"type": "MemberAdded", "member": {"id": "dr-x", "organisation": "St Mary", "roles": ["clinician"], "public_key": "\(secondKey)"}}
            """)
        try json("vault chain propose --json", ["chain", "propose", "--data-dir", "solo", "--key", "admin.key", "--payload", "add.json",
                                                "--out", "proposal.json", "--json"])
        try json("vault chain approve --json", ["chain", "approve", "--key", "admin2.key", "--proposal", "proposal.json", "--json"])

        // Every documented schema was produced here or by the cluster tests.
        let untested = Set(schemas.keys).subtracting(checked).subtracting(DocumentedJSON.checkedWithACluster)
        #expect(untested.isEmpty, "documented but untested: \(untested.sorted())")
    }
}
