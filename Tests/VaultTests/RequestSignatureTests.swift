import Foundation
import Ledger
import Testing
@testable import Vault

/// RFC 9421 request signatures as the node checks them.
@Suite struct RequestSignatureTests {
    let identity = Identity(memberID: "alice", key: try! SigningKey.generate())

    func verify(_ headers: RequestSignature.Headers, body: [UInt8], path: String = "/v1/records",
                now: Int64 = 1_700_000_000) throws(NodeProblem) -> RequestSignature.Verified {
        try RequestSignature.verify(method: "POST", path: path, query: "", body: body, contentDigest: headers.contentDigest,
                                    signatureInput: headers.signatureInput, signature: headers.signature, now: now,
                                    publicKey: { $0 == "alice" ? identity.publicKey : nil })
    }

    @Test func signedRequestVerifiesAndNamesTheMember() throws {
        let body = Array(#"{"x":1}"#.utf8)
        let headers = try RequestSignature.sign(method: "POST", path: "/v1/records", body: body, identity: identity,
                                                created: 1_700_000_000, nonce: "0123456789abcdef")
        #expect(headers.contentDigest == "sha-256=:" + Data(SHA256.hash(body).bytes).base64EncodedString() + ":")
        #expect(headers.signatureInput == #"sig1=("@method" "@path" "@query" "content-digest");created=1700000000;nonce="0123456789abcdef";keyid="alice";alg="ed25519""#)
        let verified = try verify(headers, body: body)
        #expect(verified.memberID == "alice")
        #expect(verified.evidence.signatureBase.hasPrefix("\"@method\": POST\n\"@path\": /v1/records\n\"@query\": ?\n"))
    }

    @Test func tamperedBodyPathStaleOrForeignSignaturesAreRefused() throws {
        let body = Array("hello".utf8)
        let headers = try RequestSignature.sign(method: "POST", path: "/v1/records", body: body, identity: identity,
                                                created: 1_700_000_000)
        #expect(throws: NodeProblem.self) { try verify(headers, body: Array("hellO".utf8)) }
        #expect(throws: NodeProblem.self) { try verify(headers, body: body, path: "/v1/keys") }
        #expect(throws: NodeProblem.self) { try verify(headers, body: body, now: 1_700_000_000 + RequestSignature.window + 1) }
        let mallory = Identity(memberID: "alice", key: try SigningKey.generate())
        let forged = try RequestSignature.sign(method: "POST", path: "/v1/records", body: body, identity: mallory, created: 1_700_000_000)
        do { _ = try verify(forged, body: body); Issue.record("a signature by another key was accepted") } catch {
            #expect(error.status == 401)
        }
        let unsigned = RequestSignature.Headers(contentDigest: headers.contentDigest, signatureInput: "", signature: "")
        #expect(throws: NodeProblem.self) { try verify(unsigned, body: body) }
    }
}
