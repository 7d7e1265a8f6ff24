import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

/// `vault audit`: who accessed or changed what, from the chain.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit trail: who accessed or changed what, and when (FHIR AuditEvent-like fields).",
        discussion: "Conditions combine: --record r-1 --since 2026-03-01 lists events on r-1 since that date.")

    @OptionGroup var party: PartyOptions
    @Option(help: "Events about this record id.") var record: String?
    @Option(help: "Events submitted by this member, or naming it as reader, key holder or member changed.") var member: String?
    @Option(help: "Events at or after this date (2026-03-01 or 2026-03-01T08:30:00Z).") var since: String?
    @Option(help: "Only this transaction type (e.g. AccessLogged).") var type: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard record != nil || member != nil || since != nil || type != nil else {
            throw ValidationError("give at least one of --record, --member, --since, --type")
        }
    }

    func run() throws {
        try reportingErrors {
            var query = IndexQuery(recordID: record, memberID: member)
            if let since { query.since = try AuditEvent.parseDate(since) }
            if let type {
                guard let kind = TransactionKind(name: type) else {
                    throw LedgerError.invalidInput("unknown transaction type '\(type)'")
                }
                query.kinds = [kind]
            }
            let events: [AuditEvent]
            if party.remote {
                events = try party.run(default: "auditor") { folder, transport in
                    try Auditor(folder: folder, transport: transport).audit(record: record, member: member, since: since, type: type, limit: nil)
                }
            } else {
                events = try Chain.open(store: Chain.readOnlySQLiteStore(in: party.localChain)).audit(query)
            }
            if json { return try printJSON(events) }
            if events.isEmpty { print("no matching events") }
            for e in events {
                let subject = e.subject.map { " (\(DisplayText.escaped($0)))" } ?? ""
                print("\(e.recorded)  \(e.action) \(e.type)  what \(DisplayText.escaped(e.what))  who \(DisplayText.escaped(e.who))/\(DisplayText.escaped(e.organisation))\(subject)  outcome \(e.outcome)  height \(e.height)  tx \(short(e.id))…")
            }
        }
    }
}
