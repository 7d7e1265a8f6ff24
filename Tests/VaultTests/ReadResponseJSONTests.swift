import Foundation
import Testing
@testable import Ledger
@testable import Vault

/// The read answer's hand-written JSON is byte for byte what `NodeJSON`'s
/// encoder writes for the same value, and decodes back to it.
@Suite struct ReadResponseJSONTests {
    static func response(recordID: String?, auditPath: [String], blob: [UInt8], numbers: UInt64) -> ReadResponse {
        let proof = InclusionProof(chainID: String(repeating: "ab", count: 32), height: numbers, header: "00ff", seal: "cd",
                                   transaction: "0102", leafIndex: numbers / 2, treeSize: numbers, auditPath: auditPath)
        let receipt = Receipt(recordId: recordID, transactionIds: ["t1", "t2"], height: numbers, blockHash: "beef")
        return ReadResponse(blob: Data(blob), anchorProof: proof, access: receipt)
    }

    static let recordIDs: [String?] = [
        nil, "rec-1", "", #"quote " and backslash \ here"#, "tab\tnew\nline\rfeed\u{0C}back\u{08}", "nul \u{0} and \u{1F} and \u{7F}",
        "slash / kept", "Zürich 病院 🏥", "\u{2028}\u{2029}",
    ]

    @Test(arguments: recordIDs) func matchesTheEncoder(recordID: String?) throws {
        let shapes: [([String], [UInt8], UInt64)] = [([], [], 0), (["aa"], [0xff], 1), (["aa", "bb", "cc"], (0...255).map { UInt8($0) }, .max)]
        for (path, blob, number) in shapes {
            let value = Self.response(recordID: recordID, auditPath: path, blob: blob, numbers: number)
            let fast = value.encodedJSON()
            #expect(fast == NodeJSON.encode(value), "\(String(decoding: fast, as: UTF8.self))\n\(String(decoding: NodeJSON.encode(value), as: UTF8.self))")
            let back = try NodeJSON.decoder().decode(ReadResponse.self, from: Data(fast))
            #expect(back.blob == value.blob && back.anchorProof == value.anchorProof && back.access == value.access)
        }
    }
}
