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
        discussion: """
            Without a filter, the newest events (--limit, default 50); with filters, the first --limit matches \
            (default 1000). Conditions combine. Events come in chain order.
            Examples:
              vault audit
              vault audit --type AccessLogged --since 2026-03-01 --json
            """)

    @OptionGroup var party: PartyOptions
    @Option(help: "Events about this record id.") var record: String?
    @Option(help: "Events submitted by this member, or naming it as reader, key holder or member changed.") var member: String?
    @Option(help: "Events at or after this date (2026-03-01 or 2026-03-01T08:30:00Z).") var since: String?
    @Option(help: "Only this transaction type (e.g. AccessLogged).") var type: String?
    @Option(help: "How many events at most (1–10000).") var limit: Int?
    @Flag(help: "Print JSON: an array of {id, type, action, recorded, outcome, what, who, organisation, subject, height, details}.") var json = false

    func validate() throws {
        if let limit, !(1...10_000).contains(limit) { throw ValidationError("--limit must be between 1 and 10000") }
        if let since {
            do { _ = try AuditEvent.parseDate(since) } catch { throw ValidationError("--since: \(error)") }
        }
        if let type, TransactionKind(name: type) == nil {
            throw ValidationError("--type must be one of \(TransactionKind.allCases.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        let events: [AuditEvent]
        if party.remote {
            events = try party.run(default: "auditor") { folder, transport in
                try Auditor(folder: folder, transport: transport).audit(record: record, member: member, since: since, type: type, limit: limit)
            }
        } else {
            var query = IndexQuery(recordID: record, memberID: member)
            if let since { query.since = try AuditEvent.parseDate(since) }
            if let type, let kind = TransactionKind(name: type) { query.kinds = [kind] }
            query.limitForAudit(limit)
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
