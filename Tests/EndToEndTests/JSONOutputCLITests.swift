import Foundation
import Testing

/// Issue 15: every `--json` output has exactly the keys docs/VAULT.md
/// documents for its command ("JSON output"), in snake_case.
@Suite struct JSONOutputCLITests {
    struct Schema {
        var array: Bool
        var required: Set<String>
        var optional: Set<String>
    }

    /// The table of docs/VAULT.md: "`vault record put --json`" → its keys.
    static func documentedSchemas() throws -> [String: Schema] {
        let docs = try String(contentsOf: VaultProcess.packageRoot().appendingPathComponent("docs/VAULT.md"), encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "### JSON output").dropFirst().first)
        var schemas: [String: Schema] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| `vault ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            let command = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let keys = cells[1].components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            schemas[command] = Schema(array: cells[1].hasPrefix("array of"),
                                      required: Set(keys.filter { !$0.hasSuffix("?") }),
                                      optional: Set(keys.filter { $0.hasSuffix("?") }.map { String($0.dropLast()) }))
        }
        return schemas
    }

    private func check(_ command: String, _ output: String, against schemas: [String: Schema]) throws {
        let schema = try #require(schemas[command], "docs/VAULT.md documents no JSON for `\(command)`")
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8))
        let objects: [[String: Any]]
        if schema.array {
            objects = try #require(parsed as? [[String: Any]], "`\(command)` prints no array: \(output)")
            #expect(!objects.isEmpty, "`\(command)`: an empty array checks nothing")
        } else {
            objects = [try #require(parsed as? [String: Any], "`\(command)` prints no object: \(output)")]
        }
        for object in objects {
            let keys = Set(object.keys)
            #expect(schema.required.isSubset(of: keys), "`\(command)` lacks \(schema.required.subtracting(keys).sorted())")
            #expect(keys.isSubset(of: schema.required.union(schema.optional)),
                    "`\(command)` prints undocumented \(keys.subtracting(schema.required.union(schema.optional)).sorted())")
            for key in keys { #expect(key == key.lowercased() && !key.contains("-"), "`\(command)`: \(key) is not snake_case") }
        }
    }

    @Test func jsonOutputsHaveTheirDocumentedKeys() throws {
        let schemas = try Self.documentedSchemas()
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        var checked: Set<String> = []
        func json(_ command: String, _ arguments: [String], stdin: Data? = nil, stderr: Bool = false) throws {
            let ran = try v.vault.run(arguments, stdin: stdin)
            try v.require(ran, command)
            try check(command, stderr ? ran.stderr : ran.stdout, against: schemas)
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

        // Every documented schema was produced here.
        #expect(Set(schemas.keys) == checked, "documented but untested: \(Set(schemas.keys).subtracting(checked).sorted())")
    }
}
