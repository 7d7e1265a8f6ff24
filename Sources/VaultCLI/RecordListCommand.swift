import ArgumentParser
import Foundation
import VaultSupport
import Vault

/// `vault record list`.
struct RecordListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the records, their policies and states (any member).",
        discussion: "Example: vault record list --json")

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var party: PartyOptions

    func run() throws {
        try reportingErrors {
            let records = try party.run(default: "auditor") { folder, transport in
                try NodeClient(folder: folder, transport: transport).call("GET", "/v1/records", as: [RecordSummary].self)
            }
            if json { return try printJSON(records) }
            if records.isEmpty { print("no records yet; add one with `vault record put`"); return }
            for r in records {
                let state = r.erasedAt.map { "erased \($0)" } ?? "\(r.bytes) bytes, \(r.rows) rows"
                print("\(DisplayText.escaped(r.id))  \(state)  \(DisplayText.escaped(r.policy))")
            }
        }
    }
}
