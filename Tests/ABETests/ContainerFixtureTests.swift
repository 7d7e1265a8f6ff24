import Foundation
import Testing
@testable import ABE

/// Containers of format version 1, written before issue 13 (Tests/Fixtures/container-v1,
/// see its README), still open with the keys that opened them.
@Suite struct ContainerFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/container-v1").standardizedFileURL

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))
    }

    static func container(_ path: String) throws -> [UInt8] {
        path.hasSuffix(".asc") ? try Armor.decode(String(decoding: try bytes(path), as: UTF8.self)) : try bytes(path)
    }

    @Test(arguments: ["fabeo", "fame"])
    func versionOneContainersStillOpen(scheme: String) throws {
        let key = try KeyFile.decodeUserKey(try Self.bytes("\(scheme)/nurse.key"))
        let record = try Self.bytes("record.txt")
        for name in ["plain.abe", "tuned.abe", "numeric.abe.asc"] {
            let container = try Self.container("\(scheme)/\(name)")
            #expect(container[4] == ContainerHeader.textPolicyVersion, "\(scheme)/\(name)")
            #expect(try RecordContainer.open(container, key: key) == record, "\(scheme)/\(name)")
            let inspection = try ContainerInspection(bytes: container)
            #expect(inspection.version == 1 && inspection.bytes.total == container.count)
            #expect(inspection.bytes.header == CiphertextSize.headerBytes + 4)
        }
        // FAME's tuned fixture kept the policy as written; inspection still shows it.
        let tuned = try ContainerInspection(bytes: try Self.container("\(scheme)/tuned.abe"))
        if scheme == "fame" {
            #expect(tuned.writtenPolicy?.hasPrefix("(hospital:A AND role:nurse) OR (hospital:B AND role:nurse)") == true)
        }
    }

    @Test func versionOneContainersStillRefuseChanges() throws {
        let key = try KeyFile.decodeUserKey(try Self.bytes("fabeo/nurse.key"))
        let container = try Self.container("fabeo/plain.abe")
        for index in stride(from: 0, to: container.count, by: 7) {
            var altered = container
            altered[index] ^= 0x20
            #expect(throws: ContainerError.self, "accepted a change at byte \(index)") { try RecordContainer.open(altered, key: key) }
        }
    }

    @Test func newContainersAreVersionTwoAndHoldOnlyTheirPolicy() throws {
        let (pp, _) = Authorities.fabeo
        let policy = try Policy(parsing: "role:nurse AND level >= 3", options: Fixtures.options)
        let container = try RecordContainer.seal([1, 2, 3], publicParameters: pp, policy: policy)
        #expect(container[4] == ContainerHeader.version)
        var reader = ByteReader(container)
        let header = try ContainerHeader.decode(&reader)
        #expect(header.storedPolicy == .binary(PolicyEncoding.encode(policy)) && header.writtenPolicy == nil)
        #expect(try header.policy() == policy)
        let inspection = try ContainerInspection(bytes: container)
        #expect(inspection.policy == "role:nurse AND level >= 3")
        #expect(inspection.bytes.policy == PolicyEncoding.encode(policy).count)
        #expect(container.count == CiphertextSize.containerBytes(scheme: .fabeo, policy: policy, recordBytes: 3))
    }

    /// A version 2 header whose policy bytes are not a valid encoding names the policy's part.
    @Test func aMalformedBinaryPolicyNamesItsPart() throws {
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        let policy = try Policy(parsing: "role:nurse OR role:doctor", options: Fixtures.options)
        let sealed = try RecordContainer.seal([1], publicParameters: pp, policy: policy)
        var reader = ByteReader(sealed)
        let header = try ContainerHeader.decode(&reader)
        guard case .binary(let encoding) = header.storedPolicy else { Issue.record("not binary"); return }
        let forged = ContainerHeader(scheme: .fabeo, authorityFingerprint: pp.fingerprint, storedPolicy: .binary(encoding + [0]),
                                     writtenPolicy: nil, kem: header.kem).encoded() + Array(sealed[reader.offset...])
        #expect { _ = try RecordContainer.open(forged, key: key) } throws: { "\($0)".contains("malformed container policy end") }
        #expect(throws: ContainerError.self) { try ContainerInspection(bytes: forged) }
    }
}
