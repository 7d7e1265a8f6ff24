import VaultSupport

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
    /// On the UTF-8 bytes: the node judges this twice per read (on
    /// submission and at the seal), and String's line splitting and
    /// substring search took 3% of a loaded node's CPU (`ByteSearch` says
    /// what the generic search cost).
    func names(recordID: String, reader: String) -> Bool {
        var base = signatureBase
        return base.withUTF8 { bytes in
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            guard let params = lines.last, params.starts(with: #""@signature-params": "#.utf8) else { return false }
            let method = #""@method": POST"#.utf8
            let path = "\"@path\": \(Self.readPath(of: recordID))".utf8
            return lines.contains { $0.elementsEqual(method) }
                && lines.contains { $0.elementsEqual(path) }
                && ByteSearch.firstIndex(of: Array(";keyid=\"\(reader)\"".utf8), in: params) != nil
        }
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
