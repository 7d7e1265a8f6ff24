import Foundation
import Testing
@testable import ABE

@Suite("Attribute catalog and attribute sets")
struct CatalogTests {
    static let catalogFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies/catalog.json")

    @Test("the embedded default catalog is Policies/catalog.json (run tools/embed-catalog.sh after editing it)")
    func embeddedMatchesFile() throws {
        let file = try String(contentsOf: Self.catalogFile, encoding: .utf8)
        #expect(file.trimmingCharacters(in: .newlines) == DefaultCatalog.json.trimmingCharacters(in: .newlines))
        #expect(try AttributeCatalog(contentsOfFile: Self.catalogFile.path) == AttributeCatalog.standard)
    }

    @Test("the shipped catalog describes a two-hospital network")
    func standardCatalog() throws {
        let catalog = AttributeCatalog.standard
        for key in ["hospital", "role", "dept", "ward", "clearance", "valid_until", "emergency_access"] {
            #expect(catalog.entry(forKey: key) != nil, "\(key)")
        }
        #expect(catalog.entry(forKey: "hospital")?.kind == .values(["A", "B"]))
        let policy = try Policy(parsing: "role:cardiologist AND (hospital:A OR hospital:B) AND dept:icu AND ward:B-CCU AND clearance >= 3 AND valid_until >= 2027-01-01")
        #expect(policy.attributes.count == 5)
        #expect(policy.comparedKeys == ["clearance", "valid_until"])
    }

    @Test("did-you-mean suggestions", arguments: [
        ("role:cardiolgist", "role:cardiologist"),
        ("role:cardiolgoist", "role:cardiologist"),
        ("role:Cardiologist", "role:cardiologist"),
        ("role:nurse_practicioner", "role:nurse_practitioner"),
        ("hosptial:A", "hospital:A"),
        ("dept:ICU", "dept:icu"),
        ("emergency_acess", "emergency_access"),
        ("ward:a-icu", "ward:A-ICU"),
    ])
    func suggestions(typo: String, suggestion: String) throws {
        do {
            _ = try Policy(parsing: typo)
            Issue.record("accepted \(typo)")
        } catch {
            #expect(error.kind == .unknownAttribute(typo, suggestion: suggestion))
        }
    }

    @Test("no suggestion for words far from everything")
    func noSuggestion() throws {
        do { _ = try Policy(parsing: "role:xylophonist") } catch {
            #expect(error.kind == .unknownAttribute("role:xylophonist", suggestion: nil))
        }
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("ab", "ba") == 1)
        #expect(EditDistance.distance("", "abc") == 3)
    }

    @Test("catalog files are checked", arguments: [
        (#"{"name": "x", "attributes": [{"key": "a", "type": "flag"}, {"key": "a", "type": "flag"}]}"#, "listed twice"),
        (#"{"name": "x", "attributes": [{"key": "a", "type": "color"}]}"#, "unknown type 'color'"),
        (#"{"name": "x", "attributes": [{"key": "a", "type": "integer", "min": 0}]}"#, "needs \"min\" and \"max\""),
        (#"{"name": "x", "attributes": [{"key": "a", "type": "integer", "min": 9, "max": 3}]}"#, "is empty"),
        (#"{"name": "x", "attributes": [{"key": "a", "type": "integer", "min": 0, "max": 100, "bits": 3}]}"#, "3 bits cannot hold"),
        (#"{"name": "x", "attributes": [{"key": "a", "type": "integer", "min": 9223372036854775800, "max": 9223372036854775807}]}"#, "beyond ±2^62"),
        (#"{"name": "x", "attributes": [{"key": "d", "type": "date", "min": "2024-02-30", "max": "2030-01-01"}]}"#, "February 2024 has 29 days"),
        (#"{"name": "x", "attributes": [{"key": "d", "type": "date", "min": 0, "max": 10}]}"#, "write its bounds as \"YYYY-MM-DD\""),
        (#"{"name": "x", "attributes": [{"key": "or", "type": "flag"}]}"#, "'or' is not a valid attribute key"),
        (#"{"name": "x", "attributes": [{"key": "role", "values": []}]}"#, "lists no values"),
        (#"{"name": "x", "attributes": [{"key": "role", "values": ["a b"]}]}"#, "'a b' is not a valid value"),
        (#"{"name": "x", "attributes": [{"type": "flag"}]}"#, "missing field 'key'"),
        (#"{"name": "x"#, "invalid attribute catalog"),
    ])
    func invalidCatalogs(json: String, fragment: String) {
        do {
            _ = try AttributeCatalog(json: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            guard case .invalidCatalog = error.kind else { Issue.record("\(error)"); return }
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test("a missing catalog file is named in the error")
    func missingFile() {
        do {
            _ = try AttributeCatalog(contentsOfFile: "/nonexistent/catalog.json")
            Issue.record("read a missing file")
        } catch {
            #expect(error.message.contains("/nonexistent/catalog.json"))
        }
    }

    @Test("explicit widths and date offsets")
    func widths() throws {
        let catalog = try AttributeCatalog(json: Data(#"""
            {"name": "w", "attributes": [
              {"key": "grade", "type": "integer", "min": 0, "max": 7, "bits": 5},
              {"key": "until", "type": "date", "min": "2030-01-01", "max": "2030-12-31"}]}
            """#.utf8))
        let options = PolicyOptions(catalog: catalog)
        let policy = try Policy(parsing: "grade >= 4 AND until >= 2030-07-01", options: options)
        #expect(policy.domains["grade"]?.width == 5)
        #expect(policy.domains["until"]?.width == 9)
        let set = try AttributeSet(parsing: "grade=4, until=2030-01-01", options: options)
        // 2030-01-01 is the first day of the range: all bits 0.
        #expect((0..<9).allSatisfy { set.keyAttributes.contains(.bit(key: "until", position: $0, isSet: false)) })
        #expect(set.keyAttributes.count == 14)
    }

    @Test("attribute sets: syntax, canonical form and checks")
    func attributeSets() throws {
        let set = try AttributeSet(parsing: "  role:cardiologist hospital:A,on_call , clearance=3,\nvalid_until=2027-06-30,")
        #expect(set.description == "hospital:A, on_call, role:cardiologist, clearance=3, valid_until=2027-06-30")
        #expect(set.numericValues["valid_until"] == .date(try ISODate(parsing: "2027-06-30")))
        #expect(set.keyAttributes.count == 3 + 3 + 14)
        #expect(try AttributeSet(parsing: set.description) == set)
        #expect(try AttributeSet(parsing: "").keyAttributes.isEmpty)
        #expect(throws: PolicyError.self) { try AttributeSet(parsing: "clearance=2027-01-01") }
        #expect(throws: PolicyError.self) { try AttributeSet(parsing: "role:cardiolgist") }
        #expect(throws: PolicyError.self) { try AttributeSet(parsing: "role:nurse AND hospital:A") }
    }
}
