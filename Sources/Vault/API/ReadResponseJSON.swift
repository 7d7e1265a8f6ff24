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
        out.open()
        out.open("access")
        out.field("block_hash", access.blockHash)
        out.field("height", access.height)
        if let recordId = access.recordId { out.field("record_id", recordId) }
        out.field("transaction_ids", access.transactionIds)
        out.close()
        out.open("anchor_proof")
        out.field("audit_path", anchorProof.auditPath)
        out.field("chain_id", anchorProof.chainID)
        out.field("header", anchorProof.header)
        out.field("height", anchorProof.height)
        out.field("leaf_index", anchorProof.leafIndex)
        out.field("seal", anchorProof.seal)
        out.field("transaction", anchorProof.transaction)
        out.field("tree_size", anchorProof.treeSize)
        out.close()
        out.field("blob", blob.base64EncodedString())
        out.close()
        return out.bytes
    }
}

/// JSON text (RFC 8259) written as bytes, members in the order the caller
/// gives them (sorted, to match `.sortedKeys`), strings escaped as
/// `JSONEncoder` escapes them with `.withoutEscapingSlashes`.
struct JSONText {
    private(set) var bytes: [UInt8] = []
    /// Whether the object being written has no member yet (no comma due).
    private var atFirstMember = true

    init() { bytes.reserveCapacity(4096) }

    /// Starts an object: the document's, or the value of member `name`.
    mutating func open(_ name: StaticString? = nil) {
        if let name { key(name) }
        bytes.append(UInt8(ascii: "{"))
        atFirstMember = true
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        atFirstMember = false
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: UInt64) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func key(_ name: StaticString) {
        if !atFirstMember { bytes.append(UInt8(ascii: ",")) }
        atFirstMember = false
        // Member names here are ASCII letters and underscores: nothing to escape.
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// A string (RFC 8259 §7): quote, backslash and control characters escaped.
    private mutating func string(_ value: String) {
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
