import Foundation
@testable import Ledger
import Testing
@testable import Vault
import VaultClient

/// A party's signatures are verified by a node, normally in another
/// process, so the process that makes them does not remember them as
/// verified: a node that shares the process (`vault bench cluster`) still
/// verifies them (docs/CLUSTER.md, "Measured"). A node's own seals and
/// transactions are still remembered.
@Suite struct PartySignaturesTests {
    let identity = Identity(memberID: "alice", key: try! SigningKey.generate())

    @Test func aPartysRequestSignatureIsNotRememberedAsVerified() throws {
        let body = Array(#"{"x":1}"#.utf8)
        let headers = try RequestSignature.sign(method: "POST", path: "/v1/records", body: body, identity: identity,
                                                created: 1_700_000_000, nonce: "0123456789abcdef")
        let text = RequestSignature.base(method: "POST", path: "/v1/records", query: "", contentDigest: headers.contentDigest,
                                         parameters: RequestSignature.parameters(created: 1_700_000_000, nonce: "0123456789abcdef",
                                                                                 keyID: "alice"))
        let encoded = headers.signature.dropFirst("sig1=:".count).dropLast()
        let signature = try #require(Data(base64Encoded: String(encoded)).map { [UInt8]($0) })
        #expect(identity.publicKey.isValidSignature(signature, for: Array(text.utf8)))
        #expect(!VerifiedSignatures.shared.contains(signature, for: Array(text.utf8), key: identity.publicKey))
    }

    @Test func aPartysTransactionIsNotRememberedAndANodesOwnIs() throws {
        let client = NodeClient(transport: LoopbackHTTPTransport(port: 1), identity: identity, chainID: SHA256.hash([1]))
        let party = try client.sign([.recordErased(try RecordErased(recordID: "rec-1", reason: "test"))], firstNonce: 1)[0]
        #expect(!VerifiedSignatures.shared.contains(party.signature, for: party.body.signingBytes, key: identity.publicKey))
        let own = try party.body.signed(with: identity.key)
        #expect(VerifiedSignatures.shared.contains(own.signature, for: own.body.signingBytes, key: identity.publicKey))
    }
}
