import Foundation
import ABE
import Ledger
import Testing
@testable import Vault

/// The node's API in process: the same authentication the HTTP server runs.
@Suite struct NodeAPITests {
    func makeNetwork() throws -> (root: String, node: VaultNode) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-node-\(UUID().uuidString)").path
        _ = try NetworkSetup.create(at: root)
        return (root, try VaultNode(directory: NodeDirectory(root: root + "/node")))
    }

    @Test func replayedAndTamperedRequestsAreRefused() throws {
        let (root, node) = try makeNetwork()
        defer { node.close(); try? FileManager.default.removeItem(atPath: root) }
        let api = NodeAPI(node: node)
        let auditor = try PartyFolder(root: root + "/auditor").identity()
        let request = NodeRequest(method: "GET", path: "/v1/records")
        let headers = try RequestSignature.sign(method: "GET", path: "/v1/records", body: [], identity: auditor)
        _ = try api.authenticate(request, contentDigest: headers.contentDigest, signatureInput: headers.signatureInput,
                                 signature: headers.signature)
        do {
            _ = try api.authenticate(request, contentDigest: headers.contentDigest, signatureInput: headers.signatureInput,
                                     signature: headers.signature)
            Issue.record("a replayed request was accepted")
        } catch { #expect(error.detail.contains("replayed")) }
        var tampered = NodeRequest(method: "POST", path: "/v1/records", body: Array("{}".utf8))
        let signed = try RequestSignature.sign(method: "POST", path: tampered.path, body: tampered.body, identity: auditor)
        tampered.body = Array("{ }".utf8)
        do {
            _ = try api.authenticate(tampered, contentDigest: signed.contentDigest, signatureInput: signed.signatureInput,
                                     signature: signed.signature)
            Issue.record("a tampered body was accepted")
        } catch { #expect(error.slug == "digest-mismatch") }
    }

    @Test func aNodeWhoseReplicaLostItsNewestBlockRefusesWrites() throws {
        var (root, node) = try makeNetwork()
        defer { node.close(); try? FileManager.default.removeItem(atPath: root) }
        let admin = try Admin(folder: try PartyFolder(root: root + "/admin"), transport: InProcessTransport(api: NodeAPI(node: node)))
        let reader = try SigningKey.generate()
        _ = try admin.add(try Member(id: "dr-x", organisation: "Hospital A", roles: [.clinician], publicKey: reader.publicKey))
        #expect(node.writeProblem == nil)
        node.close()
        // Delete the newest block behind the node's back; the verified tip outside SQLite catches it.
        let db = root + "/node/chain.sqlite"
        let deleted = Process()
        deleted.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        deleted.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM entries WHERE height=(SELECT MAX(height) FROM blocks)'); c.execute('DELETE FROM blocks WHERE height=(SELECT MAX(height) FROM blocks)'); c.commit()", db]
        try deleted.run()
        deleted.waitUntilExit()
        node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        #expect(node.writeProblem?.contains("fails verification") == true, "\(node.writeProblem ?? "writable")")
    }

    /// Start-up verification skips the signatures below the verified tip,
    /// but not the hash chain: a changed signature byte in an old block
    /// changes its Merkle root, and the node names that height.
    @Test func aReplicaTamperedBelowItsVerifiedTipIsRefusedAtStart() throws {
        var (root, node) = try makeNetwork()
        defer { node.close(); try? FileManager.default.removeItem(atPath: root) }
        let admin = try Admin(folder: try PartyFolder(root: root + "/admin"), transport: InProcessTransport(api: NodeAPI(node: node)))
        for id in ["dr-x", "dr-y", "dr-z"] {
            _ = try admin.add(try Member(id: id, organisation: "Hospital A", roles: [.clinician], publicKey: try SigningKey.generate().publicKey))
        }
        let tip = try #require(FileManager.default.contents(atPath: root + "/node/verified-tip")).count
        #expect(tip > 0)
        node.close()
        node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        #expect(node.writeProblem == nil, "an untouched replica starts writable")
        node.close()
        let flip = Process()
        flip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        flip.arguments = ["python3", "-c", """
            import sqlite3,sys
            c=sqlite3.connect(sys.argv[1])
            d=bytearray(c.execute('SELECT data FROM entries WHERE height=1 AND position=0').fetchone()[0])
            d[-1]^=1
            c.execute('UPDATE entries SET data=? WHERE height=1 AND position=0',(bytes(d),))
            c.commit()
            """, root + "/node/chain.sqlite"]
        try flip.run()
        flip.waitUntilExit()
        #expect(flip.terminationStatus == 0)
        node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        let problem = node.writeProblem ?? "writable"
        #expect(problem.contains("fails verification") && problem.contains("1"), "\(problem)")
        let again = try Admin(folder: try PartyFolder(root: root + "/admin"), transport: InProcessTransport(api: NodeAPI(node: node)))
        do {
            _ = try again.add(try Member(id: "dr-w", organisation: "Hospital A", roles: [.clinician],
                                         publicKey: try SigningKey.generate().publicKey))
            Issue.record("a tampered replica accepted a write")
        } catch { #expect("\(error)".contains("refuses writes"), "\(error)") }
    }

    /// With the newest block gone, the blob it anchored looks unreferenced;
    /// `doctor` names the failing height and `--repair` refuses to delete it.
    @Test func doctorRefusesToRepairAReplicaThatLostItsNewestBlock() throws {
        var (root, node) = try makeNetwork()
        defer { node.close(); try? FileManager.default.removeItem(atPath: root) }
        let provider = try Provider(folder: try PartyFolder(root: root + "/provider"), transport: InProcessTransport(api: NodeAPI(node: node)))
        _ = try provider.put(body: Array("{\"id\":\"n1\"}".utf8), policy: try Policy(parsing: "role:nurse AND hospital:A"))
        node.close()
        let cut = Process()
        cut.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cut.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); h=c.execute('SELECT MAX(height) FROM blocks').fetchone()[0]; c.execute('DELETE FROM entries WHERE height=?',(h,)); c.execute('DELETE FROM tx_index WHERE height=?',(h,)); c.execute('DELETE FROM blocks WHERE height=?',(h,)); c.commit()", root + "/node/chain.sqlite"]
        try cut.run()
        cut.waitUntilExit()
        node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        let report = try node.doctor(repair: false)
        #expect(report.chainProblem?.contains("fails verification") == true, "\(report.chainProblem ?? "no problem")")
        #expect(report.orphanedBlobs.count == 1)
        do {
            _ = try node.doctor(repair: true)
            Issue.record("doctor repaired a replica that fails verification")
        } catch let error as VaultError {
            #expect(error.description.contains("refusing to repair"), "\(error)")
        }
        let blobs = try FileManager.default.contentsOfDirectory(atPath: root + "/node/blobs").filter { !$0.hasPrefix(".") }
        #expect(blobs.count == 1, "the blob of the lost block is kept")
    }
}
