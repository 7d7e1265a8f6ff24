import ArgumentParser
import Foundation
import VaultSupport
import Vault

/// `vault record show`.
struct RecordShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a record's anchor and its audit trail (any member).",
        discussion: "Example: vault record show rec-1a2b3c")

    @Argument(help: "The record id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var party: PartyOptions

    func run() throws {
        try reportingErrors {
            let shown = try party.run(default: "auditor") { folder, transport in
                try NodeClient(folder: folder, transport: transport).call("GET", "/v1/records/\(id)", as: RecordDetails.self)
            }
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
}
