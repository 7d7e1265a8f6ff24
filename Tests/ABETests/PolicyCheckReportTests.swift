import Foundation
import Testing
@testable import ABE

@Suite("vault policy check report")
struct PolicyCheckReportTests {
    @Test("text report with a satisfying attribute set")
    func satisfied() throws {
        let report = try PolicyCheckReport.check(
            policy: "role:cardiologist and (hospital:A or hospital:B) and clearance >= 3",
            attributes: "role:cardiologist, hospital:B, clearance=5")
        #expect(report.text == """
            policy:        role:cardiologist AND (hospital:A OR hospital:B) AND clearance >= 3
            attributes:    hospital:A, hospital:B, role:cardiologist
            numeric:       clearance: integer 0…7, 3 bits
            compiled:      role:cardiologist AND (hospital:A OR hospital:B) AND (clearance#b2=1 OR (clearance#b1=1 AND clearance#b0=1))
            LSSS:          6 rows × 4 columns, largest repetition 1
            attribute set: hospital:B, role:cardiologist, clearance=5
            satisfied:     yes, decrypting with 3 rows (clearance#b2=1, hospital:B, role:cardiologist)
            """)
    }

    @Test("an unsatisfying set and the JSON form")
    func unsatisfiedJSON() throws {
        let report = try PolicyCheckReport.check(policy: "2 of (role:nurse, dept:icu, on_call) AND valid_until >= 2027-01-01",
                                                 attributes: "role:nurse, on_call, valid_until=2026-12-31")
        #expect(report.satisfaction?.satisfied == false)
        #expect(report.text.hasSuffix("satisfied:     no"))
        let json = try JSONSerialization.jsonObject(with: Data(report.jsonText.utf8)) as? [String: Any]
        #expect(json?["canonical"] as? String == "2 of (role:nurse, dept:icu, on_call) AND valid_until >= 2027-01-01")
        #expect((json?["lsss"] as? [String: Any])?["rows"] as? Int == report.lsss.rows)
        #expect(json?["numeric_keys"] != nil, "snake_case keys")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let decoded = try decoder.decode(PolicyCheckReport.self, from: Data(report.jsonText.utf8))
        #expect(decoded.tree == report.tree)
    }

    @Test("errors say which input they are about")
    func failures() {
        do {
            _ = try PolicyCheckReport.check(policy: "role:nurse", attributes: "role:nurse, clearance=9")
            Issue.record("accepted")
        } catch {
            #expect(error.input == .attributes)
            #expect(error.description.hasPrefix("error in --attributes: line 1, column 13: 9 is outside the catalog range of clearance"))
            #expect(error.jsonText.contains(#""input" : "attributes""#))
        }
        do {
            _ = try PolicyCheckReport.check(policy: "role:nurse OR")
            Issue.record("accepted")
        } catch {
            #expect(error.input == .policy)
            #expect(error.description.hasPrefix("error: line 1, column 14: expected"))
        }
    }

    @Test("the matrix is printed on request")
    func matrix() throws {
        let report = try PolicyCheckReport.check(policy: "on_call AND 2 of (role:nurse, role:midwife, dept:icu)", includeMatrix: true)
        #expect(report.text.hasSuffix("""
            matrix (row attribute | entries):
            on_call      |  1   1   0
            role:nurse   |  0  -1   1
            role:midwife |  0  -1   2
            dept:icu     |  0  -1   3
            """))
    }
}
