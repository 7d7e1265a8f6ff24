import Foundation
import Ledger

/// The answer to a read, written straight to JSON. Every read returns one,
/// and Foundation's `JSONEncoder` (boxing each value, then sorting keys)
/// cost 5% of a loaded node's CPU in `vault bench node`. The bytes are those
/// `NodeJSON.encode` writes, keys sorted, as `ReadResponseJSONTests` checks
/// against it; decoding stays with `JSONDecoder`.
extension ReadResponse {
    func encodedJSON() -> [UInt8] {
        var out = JSONText()
        out.raw("{\"access\":{\"block_hash\":")
        out.string(access.blockHash)
        out.raw(",\"height\":")
        out.number(access.height)
        if let recordId = access.recordId {
            out.raw(",\"record_id\":")
            out.string(recordId)
        }
        out.raw(",\"transaction_ids\":")
        out.strings(access.transactionIds)
        let proof = anchorProof
        out.raw("},\"anchor_proof\":{\"audit_path\":")
        out.strings(proof.auditPath)
        out.raw(",\"chain_id\":")
        out.string(proof.chainID)
        out.raw(",\"header\":")
        out.string(proof.header)
        out.raw(",\"height\":")
        out.number(proof.height)
        out.raw(",\"leaf_index\":")
        out.number(proof.leafIndex)
        out.raw(",\"seal\":")
        out.string(proof.seal)
        out.raw(",\"transaction\":")
        out.string(proof.transaction)
        out.raw(",\"tree_size\":")
        out.number(proof.treeSize)
        out.raw("},\"blob\":")
        out.string(blob.base64EncodedString())
        out.raw("}")
        return out.bytes
    }
}

/// JSON text (RFC 8259) written as bytes, strings escaped as
/// `JSONEncoder` escapes them with `.withoutEscapingSlashes`.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func number(_ value: UInt64) { bytes.append(contentsOf: String(value).utf8) }

    mutating func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A string (RFC 8259 §7): quote, backslash and control characters escaped.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5c, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5c, 0x5c])
            case 0x08: bytes.append(contentsOf: [0x5c, UInt8(ascii: "b")])
            case 0x0c: bytes.append(contentsOf: [0x5c, UInt8(ascii: "f")])
            case 0x0a: bytes.append(contentsOf: [0x5c, UInt8(ascii: "n")])
            case 0x0d: bytes.append(contentsOf: [0x5c, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5c, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5c, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
