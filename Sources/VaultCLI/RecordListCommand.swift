import ArgumentParser
import Foundation
import VaultSupport
import Vault

/// `vault record list`.
struct RecordListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the records, their policies and states (any member).",
        discussion: """
            Policies are shown as written (`clearance >= 3`); --compiled shows their bit attributes.
            Examples:
              vault record list
              vault record list --json --compiled
            """)

    @Flag(help: "Print JSON: an array of {id, policy, sha256, bytes, rows, provider, height, anchored_at, erased_at}.") var json = false
    @Flag(help: "Print only the ids, one per line, in chain order (for scripts).") var ids = false
    @OptionGroup var display: PolicyDisplayOptions
    @OptionGroup var party: PartyOptions

    func run() throws {
        let catalog = try display.catalog()
        let records = try party.run(default: "auditor") { folder, transport in
            try NodeClient(folder: folder, transport: transport).call("GET", "/v1/records", as: [RecordSummary].self)
        }.map { record in
            var shown = record
            shown.policy = display.text(record.policy, catalog: catalog)
            return shown
        }
        if json { return try printJSON(records) }
        if ids { return records.forEach { print($0.id) } }
        if records.isEmpty { print("no records yet; add one with `vault record put`"); return }
        for r in records {
            let state = r.erasedAt.map { "erased \($0)" } ?? "\(r.bytes) bytes, \(r.rows) rows"
            print("\(DisplayText.escaped(r.id))  \(state)  \(DisplayText.escaped(r.policy))")
        }
    }
}
