import VaultSupport
import Foundation
import Testing
@testable import Ledger

@Suite struct FileFormatTests {
    @Test func keyFilesArePrivateAndNeverReplaced() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("a.key").path
        let identity = try KeyFile.generate(memberID: "admin-1", path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let read = try KeyFile.read(path: path)
        #expect(read.memberID == "admin-1" && read.publicKey == identity.publicKey)

        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(ledgerError { _ = try KeyFile.generate(memberID: "admin-1", path: path) }?.code == "conflict")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the existing key is untouched")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(leftovers == ["a.key"], "no temporary files are left behind")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(ledgerError { _ = try KeyFile.read(path: path) }?.description.contains("chmod 600") == true)

        // A key file whose public key does not match its secret.
        let other = directory.url.appendingPathComponent("b.key").path
        var json = try #require(String(data: before, encoding: .utf8))
        json = json.replacingOccurrences(of: identity.publicKey.hex, with: try SigningKey.generate().publicKey.hex)
        try AtomicFile.write(Array(json.utf8), to: other, secret: true, overwrite: false)
        #expect(ledgerError { _ = try KeyFile.read(path: other) }?.code == "invalid-input")
        #expect(ledgerError { _ = try KeyFile.read(path: directory.url.appendingPathComponent("none").path) }?.code == "not-found")
    }

    func membersJSON(_ entries: [String]) -> Data {
        Data(#"{"chain_name": "c", "members": [\#(entries.joined(separator: ","))]}"#.utf8)
    }

    func entry(_ id: String, _ roles: String, key: String? = nil) throws -> String {
        #"{"id": "\#(id)", "organisation": "Org", "roles": [\#(roles)], "public_key": "\#(try key ?? SigningKey.generate().publicKey.hex)"}"#
    }

    @Test func membersFileRulesNameTheProblem() throws {
        let good = try MembersFile.genesis(fromJSON: membersJSON([entry("a-1", #""admin","validator""#), entry("p-1", #""provider""#)]))
        #expect(good.members.map(\.id) == ["a-1", "p-1"])
        #expect(good.members[0].roles == [.admin, .validator])

        let cases: [(Data, String)] = [
            (membersJSON([try entry("a-1", #""admin","wizard""#)]), "unknown role 'wizard'"),
            (membersJSON([try entry("a-1", #""admin""#)]), "no validator"),
            (membersJSON([try entry("v-1", #""validator""#)]), "no admin"),
            (membersJSON([try entry("a-1", #""admin","validator""#, key: "1234")]), "public_key"),
            (membersJSON([try entry("a-1", #""admin","validator""#), try entry("a-1", #""provider""#)]), "appears twice"),
            (membersJSON([try entry("a 1", #""admin","validator""#)]), "member id"),
            (Data(#"{"members": []}"#.utf8), "chain_name"),
            (Data("not json".utf8), "not valid JSON"),
        ]
        for (data, expected) in cases {
            let error = ledgerError { _ = try MembersFile.genesis(fromJSON: data) }
            #expect(error?.description.contains(expected) == true, "expected '\(expected)', got \(String(describing: error))")
        }
        let shared = try SigningKey.generate().publicKey.hex
        let twoWithOneKey = membersJSON([try entry("a-1", #""admin","validator""#, key: shared), try entry("p-1", #""provider""#, key: shared)])
        #expect(ledgerError { _ = try MembersFile.genesis(fromJSON: twoWithOneKey) }?.description.contains("share one public key") == true)
    }

    @Test func payloadDocumentsRoundTripEveryKind() throws {
        let member = try Member(id: "n-1", organisation: "Org", roles: [.clinician], publicKey: SigningKey.generate().publicKey)
        let payloads: [TransactionPayload] = [
            try anchorPayload("r-1"),
            .recordErased(try RecordErased(recordID: "r-1", reason: "request")),
            .consentChanged(try ConsentChanged(recordID: "r-1", oldPolicyDigest: digest("a"), newPolicyDigest: digest("b"),
                                               consentDocumentSHA256: digest("c"))),
            .keyIssued(try KeyIssued(authority: "ka", holder: "u-1", attributeSetDigest: digest("s"), expiresAt: 1_900_000_000_123)),
            try accessPayload("r-1", outcome: .failed),
            .memberAdded(MemberAdded(member: member)),
            .memberRemoved(try MemberRemoved(memberID: "n-1", reason: "left")),
        ]
        for payload in payloads {
            let json = try JSONEncoder().encode(PayloadDocument(payload))
            #expect(try PayloadDocument.decode(json: json).payload() == payload)
        }
        let missing = PayloadDocument(type: "KeyIssued")
        #expect(ledgerError { _ = try missing.payload() }?.description.contains("needs 'authority'") == true)
        var badHash = PayloadDocument(try anchorPayload("r"))
        badHash.ciphertextSHA256 = "abc"
        #expect(ledgerError { _ = try badHash.payload() }?.description.contains("ciphertext_sha256") == true)
    }

    @Test func proposalsCarryApprovalsThroughTheFile() throws {
        let chain = try TestChain()
        let c = chain.consortium
        let path = chain.directory.url.appendingPathComponent("proposal.json").path
        let removal = try chain.ledger.makeBody(.memberRemoved(MemberRemoved(memberID: "auditor-1", reason: "")), by: "admin-1")
        try ProposalFile.write(removal, to: path, overwrite: false)
        let read = try ProposalFile.read(path: path)
        try ProposalFile.write(read.adding(approvals: [Governance.approve(read, as: c["admin-3"])]), to: path, overwrite: true)
        let approved = try ProposalFile.read(path: path)
        try chain.ledger.append([approved.signed(with: c["admin-1"].key)], sealedBy: c.sealer)
        #expect(chain.ledger.memberRecord("auditor-1")?.removedAt == 1)
    }
}
