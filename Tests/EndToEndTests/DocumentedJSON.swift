import Foundation
import Testing

/// The JSON schemas docs/VAULT.md documents ("JSON output": a command and
/// its keys, `?` for keys that may be absent), and the check of an output
/// against them: every required key present, none undocumented, snake_case.
enum DocumentedJSON {
    struct Schema {
        var array: Bool
        var required: Set<String>
        var optional: Set<String>
    }

    static func schemas() throws -> [String: Schema] {
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

    /// Checks `output` of `command` (as docs/VAULT.md names it, e.g. "vault record put --json").
    static func check(_ command: String, _ output: String) throws {
        let schema = try #require(try schemas()[command], "docs/VAULT.md documents no JSON for `\(command)`")
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
            for key in keys { #expect(key == key.lowercased() && !key.contains("-") && !key.contains(" "), "`\(command)`: \(key) is not snake_case") }
        }
    }

    /// Checked by the cluster tests, which have the etcd cluster and two admins these need.
    static let checkedWithACluster: Set<String> = ["vault cluster create --json", "vault cluster join --json",
                                                   "vault member approve --json", "vault member submit --json"]
}
