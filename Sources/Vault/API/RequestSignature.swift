import Foundation
import Ledger
import VaultSupport

/// HTTP Message Signatures (RFC 9421) as the node's API uses them: one
/// signature `sig1`, Ed25519 (§3.3.6) by the member's chain identity,
/// covering the method, path, query and the body's `content-digest`
/// (RFC 9530 §2, sha-256), with `created`, a `nonce` and the member id as
/// `keyid`. The node refuses a `created` outside ±`window` seconds and a
/// nonce it has seen in that window.
public enum RequestSignature {
    public static let label = "sig1"
    public static let window: Int64 = 120
    static let components = #"("@method" "@path" "@query" "content-digest")"#

    /// The three headers a signed request carries.
    public struct Headers: Sendable, Equatable {
        public let contentDigest: String
        public let signatureInput: String
        public let signature: String
    }

    /// What a verified signature establishes.
    public struct Verified: Sendable {
        public let memberID: String
        public let created: Int64
        public let nonce: String
        /// The exact signature base, kept as evidence of a read.
        public let evidence: AccessEvidence
    }

    /// RFC 9530 §2: `sha-256=:<base64 of SHA-256(body)>:`.
    public static func contentDigest(of body: [UInt8]) -> String {
        "sha-256=:" + Data(Digest.sha256(body)).base64EncodedString() + ":"
    }

    /// RFC 9421 §2.2.7: the query with its leading "?", or "?" alone.
    static func queryComponent(_ query: String) -> String { "?" + query }

    static func parameters(created: Int64, nonce: String, keyID: String) -> String {
        components + ";created=\(created);nonce=\"\(nonce)\";keyid=\"\(keyID)\";alg=\"ed25519\""
    }

    /// RFC 9421 §2.5: one line per covered component, then the parameters.
    static func base(method: String, path: String, query: String, contentDigest: String, parameters: String) -> String {
        [
            "\"@method\": \(method)",
            "\"@path\": \(path)",
            "\"@query\": \(queryComponent(query))",
            "\"content-digest\": \(contentDigest)",
            "\"@signature-params\": \(parameters)",
        ].joined(separator: "\n")
    }

    /// Signs a request as `identity`.
    public static func sign(method: String, path: String, query: String = "", body: [UInt8], identity: Identity,
                            created: Int64 = Int64(Date().timeIntervalSince1970),
                            nonce: String = Hex.encode(SecureRandom.bytes(16))) throws -> Headers {
        let digest = contentDigest(of: body)
        let params = parameters(created: created, nonce: nonce, keyID: identity.memberID)
        let text = base(method: method, path: path, query: query, contentDigest: digest, parameters: params)
        // Verified by a node, never by the signer: not remembered.
        let signature = try identity.key.sign(Array(text.utf8), remembering: false)
        return Headers(contentDigest: digest, signatureInput: "\(label)=\(params)",
                       signature: "\(label)=:\(Data(signature).base64EncodedString()):")
    }

    /// Checks a request's headers and body. `publicKey` looks up an active
    /// member's key (nil: not an active member). Throws a `NodeProblem`
    /// naming the first thing wrong; replay is the caller's check.
    public static func verify(method: String, path: String, query: String, body: [UInt8],
                              contentDigest: String?, signatureInput: String?, signature: String?,
                              now: Int64 = Int64(Date().timeIntervalSince1970),
                              publicKey: (String) -> PublicKey?) throws(NodeProblem) -> Verified {
        guard let signatureInput, let signature else {
            throw .unauthenticated("the request is not signed: send Signature-Input and Signature (RFC 9421) with the member's Ed25519 identity")
        }
        guard let contentDigest else { throw .unauthenticated("the request has no Content-Digest header (RFC 9530)") }
        guard contentDigest == Self.contentDigest(of: body) else {
            throw .badRequest("digest-mismatch", "the body does not match its Content-Digest")
        }
        let (created, nonce, keyID) = try parseInput(signatureInput)
        guard abs(created - now) <= window else {
            throw .unauthenticated("the signature was created \(created - now) s from the node's clock; the window is ±\(window) s")
        }
        guard signature.hasPrefix("\(label)=:"), signature.hasSuffix(":"), signature.count > label.count + 3,
              let raw = Data(base64Encoded: String(signature.dropFirst(label.count + 2).dropLast())),
              raw.count == PublicKey.signatureByteCount
        else { throw .unauthenticated("the Signature header is not `\(label)=:<base64 Ed25519 signature>:`") }
        guard let key = publicKey(keyID) else {
            throw .forbidden("not-a-member", "\(DisplayText.escaped(keyID)) is not an active member of this chain")
        }
        let params = parameters(created: created, nonce: nonce, keyID: keyID)
        let text = base(method: method, path: path, query: query, contentDigest: contentDigest, parameters: params)
        guard key.isValidSignatureOnce([UInt8](raw), for: Array(text.utf8)) else {
            throw .unauthenticated("the signature does not verify with \(DisplayText.escaped(keyID))'s key")
        }
        let evidence: AccessEvidence
        do { evidence = try AccessEvidence(signatureBase: text, signature: [UInt8](raw)) } catch {
            throw .badRequest("bad-signature", "the signed request is too large to keep as evidence")
        }
        return Verified(memberID: keyID, created: created, nonce: nonce, evidence: evidence)
    }

    /// Parses `sig1=("@method" "@path" "@query" "content-digest");created=N;nonce="…";keyid="…";alg="ed25519"`,
    /// strictly: exactly these components and parameters, in this order.
    static func parseInput(_ input: String) throws(NodeProblem) -> (Int64, String, String) {
        let prefix = "\(label)=\(components);"
        guard input.hasPrefix(prefix) else {
            throw .unauthenticated("Signature-Input must be \(label)=\(components);created=…;nonce=\"…\";keyid=\"…\";alg=\"ed25519\"")
        }
        var fields: [String: String] = [:]
        var order: [String] = []
        for part in input.dropFirst(prefix.count).split(separator: ";", omittingEmptySubsequences: false) {
            guard let eq = part.firstIndex(of: "=") else { throw .unauthenticated("Signature-Input parameter \(part) has no value") }
            var value = String(part[part.index(after: eq)...])
            let name = String(part[..<eq])
            if name != "created" {
                guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
                    throw .unauthenticated("Signature-Input parameter \(name) must be a quoted string")
                }
                value = String(value.dropFirst().dropLast())
            }
            order.append(name)
            fields[name] = value
        }
        guard order == ["created", "nonce", "keyid", "alg"], fields["alg"] == "ed25519" else {
            throw .unauthenticated("Signature-Input needs created, nonce, keyid and alg=\"ed25519\", in that order")
        }
        guard let created = Int64(fields["created"]!) else { throw .unauthenticated("created is not an integer") }
        let nonce = fields["nonce"]!, keyID = fields["keyid"]!
        let safe = { (s: String) in !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } }
        guard safe(nonce), nonce.count >= 16 else { throw .unauthenticated("the nonce must be 16 to 64 letters, digits, '-', '_' or '.'") }
        guard safe(keyID) else { throw .unauthenticated("keyid must be a member id") }
        return (created, nonce, keyID)
    }
}
