import BLS12381
import Testing
@testable import ABE

/// Key material that decodes but voids the scheme is refused when decoded
/// (issue 12: a FABEO public key with e(g,h)^α = 1 let anyone open records).
@Suite struct DegenerateKeyTests {
    func replacing(_ bytes: [UInt8], at offset: Int, with part: [UInt8]) -> [UInt8] {
        var out = bytes
        out.replaceSubrange(offset..<(offset + part.count), with: part)
        return out
    }

    @Test func fabeoPublicKeyWithIdentitySessionBaseIsRefused() throws {
        // Before the fix this decoded, and a record sealed under it opened
        // with the seed mask HKDF(1): no key needed.
        let file = KeyFile.envelope(.publicParameters, .fabeo, GT.one.bytes())
        #expect(throws: ABEError.degenerateKey(part: "FABEO public key e(g,h)^α")) {
            _ = try KeyFile.decodePublicParameters(file)
        }
        // A genuine key still decodes.
        let (pp, _) = Authorities.fabeo
        #expect(try KeyFile.decodePublicParameters(KeyFile.encode(pp)).digest == pp.digest)
    }

    @Test(arguments: [(192, "FAME public key T1"), (768, "FAME public key T2")])
    func famePublicKeyWithIdentityTargetIsRefused(offset: Int, part: String) throws {
        let (pp, _) = Authorities.fame
        let forged = replacing(pp.encoded, at: offset, with: GT.one.bytes())
        #expect(throws: ABEError.degenerateKey(part: part)) { _ = try FAME.decodePublicKey(forged) }
    }

    /// Identity points of G1 and G2 are refused by the point decoders
    /// themselves; these pin that down for every point of every key.
    @Test(arguments: [0, 96])
    func famePublicKeyWithIdentityPointIsRefused(offset: Int) throws {
        let (pp, _) = Authorities.fame
        let forged = replacing(pp.encoded, at: offset, with: G2Point.identity.compressed())
        #expect(throws: ABEError.self) { _ = try FAME.decodePublicKey(forged) }
    }

    @Test func zeroMasterScalarsAreRefused() throws {
        #expect(throws: ABEError.degenerateKey(part: "FABEO master key α")) {
            _ = try FABEO.decodeMasterKey([UInt8](repeating: 0, count: 32))
        }
        let (_, ms) = Authorities.fame
        let forged = replacing(ms.encoded, at: 32, with: [UInt8](repeating: 0, count: 32))
        #expect(throws: ABEError.degenerateKey(part: "FAME master key a2")) { _ = try FAME.decodeMasterKey(forged) }
    }

    @Test func fabeoUserKeyWithIdentityPointsIsRefused() throws {
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        let body = key.encodedSchemeKey
        #expect(throws: ABEError.self) {
            _ = try FABEO.decodeUserKey(replacing(body, at: 0, with: G2Point.identity.compressed()))
        }
        #expect(throws: ABEError.self) {
            _ = try FABEO.decodeUserKey(replacing(body, at: 96, with: G1Point.identity.compressed()))
        }
        // K1 ‖ K2 ‖ u32 count ‖ u32 length ‖ "role:nurse" ‖ component.
        let component = 96 + 48 + 4 + 4 + "role:nurse".utf8.count
        #expect(throws: ABEError.self) {
            _ = try FABEO.decodeUserKey(replacing(body, at: component, with: G1Point.identity.compressed()))
        }
        _ = try FABEO.decodeUserKey(body)
    }

    @Test func fameUserKeyWithIdentityPointsIsRefused() throws {
        let key = Authorities.key(.fame, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        let body = key.encodedSchemeKey
        #expect(throws: ABEError.self) {
            _ = try FAME.decodeUserKey(replacing(body, at: 2 + 96, with: G2Point.identity.compressed()))
        }
        #expect(throws: ABEError.self) {
            _ = try FAME.decodeUserKey(replacing(body, at: 2 + 288 + 96, with: G1Point.identity.compressed()))
        }
        let component = 2 + 288 + 144 + 4 + 4 + "role:nurse".utf8.count
        #expect(throws: ABEError.self) {
            _ = try FAME.decodeUserKey(replacing(body, at: component + 48, with: G1Point.identity.compressed()))
        }
        _ = try FAME.decodeUserKey(body)
    }
}
