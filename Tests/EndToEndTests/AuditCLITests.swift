import Foundation
import Testing

/// `vault audit` without a filter shows the newest events; with a filter the
/// first matches; both in chain order (one rule, `IndexQuery.limitForAudit`).
@Suite struct AuditCLITests {
    private func heights(_ result: VaultProcess.Result) throws -> [Int] {
        let events = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return events.compactMap { $0["height"] as? Int }
    }

    @Test func withoutAFilterTheNewestEventsWithOneTheFirstMatches() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        for n in 0..<3 { _ = try v.put("{\"n\":\(n)}", policy: "role:nurse") }
        let all = try heights(try v.require(v.run("audit", "--json", "--limit", "10000")))
        let newest = try heights(try v.require(v.run("audit", "--json", "--limit", "2")))
        #expect(newest == Array(all.suffix(2)), "newest \(newest) of \(all)")
        let anchors = try heights(try v.require(v.run("audit", "--type", "RecordAnchored", "--json")))
        #expect(anchors.count == 3 && anchors == anchors.sorted())
        let first = try heights(try v.require(v.run("audit", "--type", "RecordAnchored", "--json", "--limit", "1")))
        #expect(first == [anchors[0]], "the first match, not the newest")
    }
}
