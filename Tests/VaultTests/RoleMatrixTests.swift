import Foundation
import Ledger
import Testing
@testable import Vault

/// Each role against each endpoint: allowed (whatever the body's fate) or 403 `wrong-role`.
@Suite struct RoleMatrixTests {
    @Test func everyEndpointChecksTheCallersRole() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-roles-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try NetworkSetup.create(at: root)
        let node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        defer { node.close() }
        let api = NodeAPI(node: node)
        let clinician = Identity(memberID: "dr-c", key: try SigningKey.generate())
        let transport = InProcessTransport(api: api)
        let admin = try Admin(folder: try PartyFolder(root: root + "/admin"), transport: transport)
        _ = try admin.add(try Member(id: "dr-c", organisation: "Hospital A", roles: [.clinician], publicKey: clinician.publicKey))

        var identities: [String: Identity] = ["clinician": clinician, "node": try Ledger.KeyFile.read(path: root + "/node/node.key")]
        for party in ["admin", "authority", "provider", "auditor"] { identities[party] = try PartyFolder(root: root + "/\(party)").identity() }

        let anyone = Set(identities.keys)
        let endpoints: [(String, String, Set<String>)] = [
            ("GET", "/v1/records", anyone),
            ("POST", "/v1/records", ["provider"]),
            ("GET", "/v1/records/rec-x", anyone),
            ("POST", "/v1/records/rec-x/reads", ["clinician", "provider", "auditor"]),
            ("GET", "/v1/records/rec-x/escrow", ["provider"]),
            ("POST", "/v1/records/rec-x/consent", ["provider"]),
            ("POST", "/v1/records/rec-x/erasure", ["provider"]),
            ("POST", "/v1/keys", ["authority"]),
            ("GET", "/v1/members", anyone),
            ("POST", "/v1/members", ["admin"]),
            ("GET", "/v1/chain/tip", anyone),
            ("GET", "/v1/chain/blocks", anyone),
            ("GET", "/v1/audit", anyone),
        ]
        for (method, path, allowed) in endpoints {
            for (party, identity) in identities {
                let body = method == "POST" ? Array("{}".utf8) : []
                let request = NodeRequest(method: method, path: path, body: body)
                let headers = try RequestSignature.sign(method: method, path: path, body: body, identity: identity)
                let response = try transport.send(request, signature: headers)
                let problem = try? JSONDecoder().decode(NodeProblem.self, from: Data(response.body))
                if allowed.contains(party) {
                    #expect(problem?.slug != "wrong-role", "\(party) was refused \(method) \(path)")
                } else {
                    #expect(response.status == 403 && problem?.slug == "wrong-role", "\(party) was not refused \(method) \(path): \(response.status)")
                }
            }
        }
        // Unsigned, only the public endpoints answer.
        #expect(try transport.send(NodeRequest(method: "GET", path: "/v1/health"), signature: nil).status == 200)
        #expect(try transport.send(NodeRequest(method: "GET", path: "/v1/records"), signature: nil).status == 401)
    }
}
