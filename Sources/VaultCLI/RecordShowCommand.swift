import ArgumentParser
import Foundation
import VaultSupport
import Vault

/// `vault record show`.
struct RecordShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a record's anchor and its audit trail (any member).",
        discussion: """
            Policies are shown as written (`clearance >= 3`); --compiled shows their bit attributes.
            Example:
              vault record show "$(vault record list --ids | tail -n 1)"
            """)

    @Argument(help: "The record id.") var id: String
    @Flag(help: "Print JSON: {record: {id, policy, …}, events: [{id, type, action, recorded, outcome, what, who, organisation, subject, height, details}]}.") var json = false
    @OptionGroup var display: PolicyDisplayOptions
    @OptionGroup var party: PartyOptions

    func run() throws {
        let catalog = try display.catalog()
        var shown = try party.run(default: "auditor") { folder, transport in
            try NodeClient(folder: folder, transport: transport).call("GET", "/v1/records/\(id)", as: RecordDetails.self)
        }
        shown.record.policy = display.text(shown.record.policy, catalog: catalog)
        if json { return try printJSON(shown) }
        let record = shown.record
        print("record:   \(DisplayText.escaped(record.id))")
        print("policy:   \(DisplayText.escaped(record.policy))")
        print("blob:     SHA-256 \(record.sha256), \(record.bytes) bytes, \(record.rows) LSSS rows")
        print("anchored: \(record.anchoredAt) by \(DisplayText.escaped(record.provider)) at height \(record.height)" + (record.erasedAt.map { "; erased \($0)" } ?? ""))
        for e in shown.events {
            print("  \(e.recorded)  \(e.type)  \(e.outcome)  by \(DisplayText.escaped(e.who))" + (e.subject.map { " for \(DisplayText.escaped($0))" } ?? ""))
        }
    }
}
