import Foundation
import Testing
@testable import Ledger

/// A validator logs another member's read only with that reader's signed
/// request as evidence, and every verifier checks the evidence's signature
/// against the reader's key: a node cannot invent reads, and a signature
/// remembered as verified under one key does not vouch for another.
@Suite struct AccessEvidenceTests {
    func base(record: String, reader: String) -> String {
        """
        "@method": POST
        "@path": \(AccessEvidence.readPath(of: record))
        "@query": ?
        "content-digest": sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:
        "@signature-params": ("@method" "@path" "@query" "content-digest");created=1767225600;nonce="0123456789abcdef";keyid="\(reader)";alg="ed25519"
        """
    }

    func logged(record: String, reader: String, evidence: AccessEvidence) throws -> TransactionPayload {
        .accessLogged(try AccessLogged(recordID: record, reader: reader, outcome: .granted, evidence: evidence))
    }

    @Test func aValidatorLogsAReadOnlyWithTheReadersOwnSignature() throws {
        let chain = try TestChain()
        let node = chain.consortium.sealer
        let reader = chain.consortium["clinician-1"]
        try chain.appendAnchors(1, prefix: "rec")
        let record = "rec-1-0"
        let text = base(record: record, reader: reader.memberID)

        let genuine = try AccessEvidence(signatureBase: text, signature: try reader.key.sign(Array(text.utf8)))
        try chain.ledger.append(try chain.ledger.makeTransactions([try logged(record: record, reader: reader.memberID, evidence: genuine)], by: node),
                                sealedBy: node)

        // The node signs the reader's request itself: refused.
        let forged = try AccessEvidence(signatureBase: text, signature: try node.key.sign(Array(text.utf8)))
        let byNode = ledgerError {
            try chain.ledger.append(try chain.ledger.makeTransactions([try logged(record: record, reader: reader.memberID, evidence: forged)], by: node),
                                    sealedBy: node)
        }
        #expect(byNode?.description.contains("not signed by clinician-1") == true, "\(String(describing: byNode))")

        // The reader's genuine signature, remembered as verified, does not
        // vouch for the same bytes claimed for another reader.
        let auditor = chain.consortium["auditor-1"].memberID
        let claimed = try AccessEvidence(signatureBase: base(record: record, reader: auditor), signature: genuine.signature)
        let otherReader = ledgerError {
            try chain.ledger.append(try chain.ledger.makeTransactions([try logged(record: record, reader: auditor, evidence: claimed)], by: node),
                                    sealedBy: node)
        }
        #expect(otherReader?.description.contains("not signed by \(auditor)") == true, "\(String(describing: otherReader))")

        // Nothing refused reached the chain, and the chain replays clean.
        #expect(chain.ledger.height == 2)
        #expect(chain.ledger.verify().isValid)
    }

    /// The evidence must be a POST of this record's read path, signed with
    /// this reader's key id: whole lines and the quoted key id, not prefixes.
    @Test func evidenceNamesOnlyItsOwnRecordAndReader() throws {
        let signature = [UInt8](repeating: 1, count: PublicKey.signatureByteCount)
        func names(_ text: String, _ record: String = "rec-1", _ reader: String = "dr-x") throws -> Bool {
            try AccessEvidence(signatureBase: text, signature: signature).names(recordID: record, reader: reader)
        }
        let text = base(record: "rec-1", reader: "dr-x")
        #expect(try names(text))
        #expect(try !names(text, "rec-2"))
        #expect(try !names(text, "rec-1", "dr-y"))
        #expect(try !names(text, "rec-1", "dr"), "a key id's prefix is not the reader")
        #expect(try !names(base(record: "rec-1", reader: "dr-xy")), "nor is a longer key id")
        #expect(try !names(text, "rec"), "a path's prefix is not the record")
        #expect(try !names(text.replacingOccurrences(of: "@method\": POST", with: "@method\": GET")))
        #expect(try !names(text.replacingOccurrences(of: "\"@signature-params\"", with: "\"@params\"")))
        let paramsNotLast = text.split(separator: "\n").reversed().joined(separator: "\n")
        #expect(try !names(paramsNotLast), "the signature parameters come last (RFC 9421 §2.5)")
    }
}
