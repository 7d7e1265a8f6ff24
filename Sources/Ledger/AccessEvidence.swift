/// A reader's signed HTTP request (RFC 9421), kept in `AccessLogged` when a
/// node logs a read for the reader. The signature base is the exact text the
/// reader signed with its Ed25519 identity (RFC 9421 §2.5, §3.3.6).
public struct AccessEvidence: Hashable, Sendable {
    public static let maxSignatureBaseBytes = 2048

    public let signatureBase: String
    public let signature: [UInt8]

    public init(signatureBase: String, signature: [UInt8]) throws {
        guard !signatureBase.isEmpty, signatureBase.utf8.count <= Self.maxSignatureBaseBytes else {
            throw LedgerError.invalidInput("an access evidence's signature base has 1 to \(Self.maxSignatureBaseBytes) bytes")
        }
        guard signature.count == PublicKey.signatureByteCount else {
            throw LedgerError.invalidInput("an access evidence's signature has 64 bytes, not \(signature.count)")
        }
        self.signatureBase = signatureBase
        self.signature = signature
    }

    /// The request path a read of `recordID` signs (see docs/NODE.md).
    public static func readPath(of recordID: String) -> String { "/v1/records/\(recordID)/reads" }

    /// Whether the base covers a read of `recordID` signed as `reader`.
    func names(recordID: String, reader: String) -> Bool {
        let lines = signatureBase.split(separator: "\n", omittingEmptySubsequences: false)
        guard let params = lines.last, params.hasPrefix("\"@signature-params\": ") else { return false }
        return lines.contains("\"@method\": POST")
            && lines.contains("\"@path\": \(Self.readPath(of: recordID))")
            && params.contains(";keyid=\"\(reader)\"")
    }
}

extension ChainState {
    /// Rules of `AccessLogged`: a member may log only its own reads; a
    /// validator logs others' reads only with the reader's signed request.
    /// The rules of a logged read; the evidence's signature check, if it carries evidence.
    func checkAccess(_ access: AccessLogged, loggedBy submitter: Member) throws -> SignatureCheck? {
        guard let evidence = access.evidence else {
            if submitter.has(.validator) && access.reader != submitter.id {
                throw LedgerError.invalidTransaction("a node logs a read by \(access.reader) only with the reader's signed request")
            }
            return nil
        }
        let reader = try activeMember(access.reader)
        guard evidence.names(recordID: access.recordID, reader: reader.id) else {
            throw LedgerError.invalidTransaction("the access evidence is not a read of \(access.recordID) signed as \(reader.id)")
        }
        return SignatureCheck(key: reader.publicKey, subject: .evidence(message: Array(evidence.signatureBase.utf8),
                                                                        signature: evidence.signature, reader: reader.id))
    }
}
