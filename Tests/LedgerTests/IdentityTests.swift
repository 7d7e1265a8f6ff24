import Testing
@testable import Ledger
import VaultSupport

@Suite struct IdentityTests {
    /// RFC 8032 §7.1, TEST 1 (empty message).
    @Test func rfc8032TestVector() throws {
        let seed = try #require(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        let key = try SigningKey(seed: seed)
        #expect(key.publicKey.hex == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = try key.sign([])
        #expect(Hex.encode(signature) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(key.publicKey.isValidSignature(signature, for: []))
    }

    @Test func verificationFailsForAnotherMessageKeyOrSignature() throws {
        let key = try SigningKey.generate()
        let other = try SigningKey.generate()
        let message = Array("anchor record 42".utf8)
        let signature = try key.sign(message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: Array("anchor record 43".utf8)))
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        var flipped = signature
        flipped[10] ^= 0x01
        #expect(!key.publicKey.isValidSignature(flipped, for: message))
        #expect(!key.publicKey.isValidSignature(Array(signature.prefix(63)), for: message))
    }

    @Test func seedRoundTripsAndWrongSizesAreRefused() throws {
        let key = try SigningKey.generate()
        let again = try SigningKey(seed: key.seed())
        #expect(again.publicKey == key.publicKey)
        #expect(throws: LedgerError.self) { try SigningKey(seed: [1, 2, 3]) }
        #expect(throws: LedgerError.self) { try PublicKey(rawBytes: [UInt8](repeating: 0, count: 31)) }
        #expect(throws: LedgerError.self) { try PublicKey(hex: "zz") }
    }

    @Test func sha256KnownAnswers() {
        #expect(SHA256.hash([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash(Array("a".utf8), Array("bc".utf8)) == SHA256.hash(Array("abc".utf8)))
    }
}
