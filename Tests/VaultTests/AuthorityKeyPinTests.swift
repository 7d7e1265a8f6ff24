import ABE
import Foundation
import Testing
import VaultSupport
@testable import Vault

/// Issue 12: a party refuses a public.key whose digest is not the one its
/// party.json pins, so a swapped key cannot redirect the provider's records
/// to another authority.
@Suite struct AuthorityKeyPinTests {
    private func temporaryRoot() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vault-pin-\(UUID().uuidString)").path
    }

    @Test func initPinsTheAuthorityKeyAndASwappedKeyIsRefusedNamingBoth() throws {
        let root = temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try NetworkSetup.create(at: root)
        let provider = try PartyFolder(root: root + "/provider")
        let original = try provider.publicParameters()
        #expect(provider.config.authorityKeySHA256 == Hex.encode(original.digest))
        #expect(try PartyFolder(root: root + "/authority").config.authorityKeySHA256 == Hex.encode(original.digest))

        let other = KeyAuthority.setup(scheme: .fabeo).0
        try Data(ABE.KeyFile.encode(other)).write(to: URL(fileURLWithPath: root + "/provider/public.key"))
        do {
            _ = try PartyFolder(root: root + "/provider").publicParameters()
            Issue.record("a swapped public.key was accepted")
        } catch let error as VaultError {
            guard case .keyRefused(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains(original.fingerprintHex) && message.contains(other.fingerprintHex))
            #expect(message.contains("pinned"))
        }
        // The provider cannot even start with it.
        #expect(throws: VaultError.self) {
            _ = try Provider(folder: PartyFolder(root: root + "/provider"), transport: RefusingTransport())
        }
    }

    @Test func aConfigWithoutAPinTrustsItsKeyOnFirstUseThenRefusesASwap() throws {
        let root = temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try NetworkSetup.create(at: root)
        // A party.json as written before the pin existed.
        let path = root + "/provider/party.json"
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        json.removeValue(forKey: "authority_key_sha256")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        #expect(try PartyFolder(root: root + "/provider").config.authorityKeySHA256 == nil)

        let pp = try PartyFolder(root: root + "/provider").publicParameters()
        #expect(try PartyFolder(root: root + "/provider").config.authorityKeySHA256 == Hex.encode(pp.digest))
        try Data(ABE.KeyFile.encode(KeyAuthority.setup(scheme: .fabeo).0)).write(to: URL(fileURLWithPath: root + "/provider/public.key"))
        #expect(throws: VaultError.self) { _ = try PartyFolder(root: root + "/provider").publicParameters() }
    }
}

/// A transport for tests that must fail before any request is made.
private struct RefusingTransport: NodeTransport {
    func send(_ request: NodeRequest, signature: RequestSignature.Headers?) throws -> NodeResponse { throw VaultError.unreachable("no node in this test") }
}
