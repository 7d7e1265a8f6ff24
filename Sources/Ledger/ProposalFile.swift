import Foundation
import VaultSupport

/// A membership change on its way through the admins: the submitter writes
/// it (`vault chain propose`), other admins add approvals (`vault chain
/// approve`), the submitter signs and appends it (`vault chain submit
/// --proposal`). Only `body` counts; the other fields are there for the
/// people reading the file and are ignored on reading.
public enum ProposalFile {
    public static let format = "vault-ledger-proposal/v1"

    private struct Document: Codable {
        let format: String
        let chainID: String
        let submitter: String
        let nonce: UInt64
        let payload: PayloadDocument
        /// Hex of the canonical transaction body, approvals included.
        let body: String

        enum CodingKeys: String, CodingKey {
            case format, submitter, nonce, payload, body
            case chainID = "chain_id"
        }
    }

    public static func write(_ body: TransactionBody, to path: String, overwrite: Bool) throws {
        let bytes = try encoded(body)
        do throws(AtomicFile.Error) { try AtomicFile.write(bytes, to: path, overwrite: overwrite) } catch { throw LedgerError.from(error) }
    }

    /// The proposal file's bytes.
    public static func encoded(_ body: TransactionBody) throws -> [UInt8] {
        let document = Document(format: format, chainID: body.chainID.hex, submitter: body.submitter,
                                nonce: body.nonce, payload: PayloadDocument(body.payload),
                                body: Hex.encode(body.canonicalBytes))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [UInt8](try encoder.encode(document))
    }

    /// Largest proposal file read: a membership change with 1,024 approvals is about 300 KiB.
    public static let maxBytes = 1 << 20

    public static func read(path: String) throws -> TransactionBody {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > maxBytes {
            throw LedgerError.invalidInput("\(path) has \(size.intValue) bytes, more than a proposal file's limit of \(maxBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError.notFound("cannot read proposal file \(path)")
        }
        return try decode(data, name: path)
    }

    /// Reads the contents of a proposal file; `name` names it in errors.
    public static func decode(_ data: Data, name: String) throws -> TransactionBody {
        guard data.count <= maxBytes else {
            throw LedgerError.invalidInput("\(name) has \(data.count) bytes, more than a proposal file's limit of \(maxBytes)")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw LedgerError.invalidInput("\(name) is not a proposal file")
        }
        guard document.format == format else {
            throw LedgerError.invalidInput("\(name) has format '\(document.format)', expected \(format)")
        }
        guard let bytes = Hex.decode(document.body) else {
            throw LedgerError.malformedEncoding("the proposal body is not hexadecimal")
        }
        let body = try TransactionBody.decode(canonical: bytes)
        guard body.kind == .memberAdded || body.kind == .memberRemoved else {
            throw LedgerError.invalidInput("a proposal must be a MemberAdded or MemberRemoved transaction")
        }
        return body
    }
}
