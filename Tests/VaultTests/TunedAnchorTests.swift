import ABE
import Foundation
import Ledger
import Testing
@testable import Vault

/// Issue 13: a tuned record's policy as written goes into its chain anchor,
/// not into the container.
@Suite struct TunedAnchorTests {
    @Test func aTunedPutAnchorsThePolicyAsWritten() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-tuned-\(UUID().uuidString)").path
        _ = try NetworkSetup.create(at: root)
        let node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        defer { node.close(); try? FileManager.default.removeItem(atPath: root) }
        let provider = try Provider(folder: PartyFolder(root: root + "/provider"), transport: InProcessTransport(api: NodeAPI(node: node)))

        let written = "(role:nurse AND hospital:A) OR (role:nurse AND hospital:B)"
        let tuning = PolicyTuning.tune(try Policy(parsing: written), writtenText: written, scheme: provider.publicParameters.scheme,
                                       options: .standard)
        #expect(tuning.writtenPolicy == written && tuning.rowsAfter == 3)
        let tuned = try provider.put(body: Array("note".utf8), policy: tuning.policy, writtenPolicy: tuning.writtenPolicy)
        let (anchor, _) = try node.currentAnchor(try #require(tuned.recordId))
        #expect(anchor.writtenPolicy == written)
        #expect(anchor.policy == tuning.policy.compiledText && anchor.lsssRows == 3)

        let plain = try provider.put(body: Array("note".utf8), policy: try Policy(parsing: "role:nurse"))
        #expect(try node.currentAnchor(try #require(plain.recordId)).0.writtenPolicy == nil)
    }
}
