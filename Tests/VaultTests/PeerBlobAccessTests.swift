import ABE
import Foundation
import Ledger
import Testing
@testable import Vault

/// docs/CLUSTER.md, blobs across organisations: `GET /v1/blobs/{sha256}`
/// serves a blob only to a validator (another organisation's node, which
/// checks it against the anchor); every other member gets a 403 problem
/// document and no bytes. (RoleMatrixTests runs the same refusal over HTTP.)
@Suite struct PeerBlobAccessTests {
    @Test func onlyAValidatorFetchesABlobAndGetsTheAnchoredBytes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-peer-blobs-\(UUID().uuidString)").path
        _ = try NetworkSetup.create(at: root)
        let node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        defer { node.close(); try? FileManager.default.removeItem(atPath: root) }
        let transport = InProcessTransport(api: NodeAPI(node: node))
        let provider = try Provider(folder: PartyFolder(root: root + "/provider"), transport: transport)
        let receipt = try provider.put(body: Array("a note for another organisation".utf8), policy: try Policy(parsing: "role:nurse"))
        let (anchor, _) = try node.currentAnchor(try #require(receipt.recordId))
        let path = "/v1/blobs/\(anchor.ciphertextSHA256.hex)"
        func fetch(as identity: Identity) throws -> NodeResponse {
            let headers = try RequestSignature.sign(method: "GET", path: path, body: [], identity: identity)
            return try transport.send(NodeRequest(method: "GET", path: path), signature: headers)
        }

        for party in ["admin", "authority", "provider", "auditor"] {
            let refused = try fetch(as: try PartyFolder(root: root + "/" + party).identity())
            let problem = try? NodeJSON.decoder().decode(NodeProblem.self, from: Data(refused.body))
            #expect(refused.status == 403 && refused.contentType == "application/problem+json" && problem?.slug == "wrong-role",
                    "\(party): \(refused.status) \(String(decoding: refused.body, as: UTF8.self))")
        }

        let served = try fetch(as: try Ledger.KeyFile.read(path: root + "/node/node.key"))
        try #require(served.status == 200, "the validator was refused: \(String(decoding: served.body, as: UTF8.self))")
        let blob = [UInt8](try NodeJSON.decoder().decode(BlobResponse.self, from: Data(served.body)).blob)
        #expect(UInt64(blob.count) == anchor.ciphertextBytes && SHA256.hash(blob) == anchor.ciphertextSHA256)
    }
}
