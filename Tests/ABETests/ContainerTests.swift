import BLS12381
import Foundation
import Testing
@testable import ABE

@Suite struct ContainerTests {
    static let policy = try! Policy(parsing: "role:doctor AND (hospital:A OR hospital:B) AND level >= 3", options: Fixtures.options)
    static let set = try! AttributeSet(parsing: "role:doctor, hospital:B, level=9", options: Fixtures.options)

    @Test(arguments: SchemeID.allCases)
    func sizesMatchTheModelExactly(scheme: SchemeID) throws {
        let (pp, _) = Authorities.of(scheme)
        for length in [0, 1, 1000, CiphertextSize.chunkSize, CiphertextSize.chunkSize + 1, 3 * CiphertextSize.chunkSize + 17] {
            let container = try RecordContainer.seal([UInt8](repeating: 0x5a, count: length), publicParameters: pp, policy: Self.policy)
            let m = Self.policy.lsss()
            #expect(container.count == CiphertextSize.containerBytes(scheme: scheme, rows: m.rowCount, maxOccurrence: m.maxOccurrence,
                                                                     policyBytes: PolicyEncoding.encode(Self.policy).count, recordBytes: length))
            let inspection = try ContainerInspection(bytes: container)
            #expect(inspection.bytes.total == container.count)
            #expect(inspection.rows == m.rowCount && inspection.scheme == scheme)
        }
    }

    @Test func fabeoMeetsItsSizeGoals() {
        // 48 bytes per row, at most 300 bytes of fixed overhead (everything except rows, policy and record).
        let one = CiphertextSize.containerBytes(scheme: .fabeo, rows: 1, maxOccurrence: 1, policyBytes: 0)
        let two = CiphertextSize.containerBytes(scheme: .fabeo, rows: 2, maxOccurrence: 1, policyBytes: 0)
        #expect(two - one == 48)
        #expect(one - 48 <= 300)
    }

    @Test func everySingleByteChangeIsRejected() throws {
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, Self.set)
        let record = Array("a short clinical note".utf8)
        let container = try RecordContainer.seal(record, publicParameters: pp, policy: Self.policy)
        #expect(try RecordContainer.open(container, key: key) == record)
        var accepted = [Int]()
        for index in container.indices {
            var altered = container
            altered[index] ^= 0x01 << UInt8(index % 8)
            if (try? RecordContainer.open(altered, key: key)) != nil { accepted.append(index) }
        }
        #expect(accepted.isEmpty, "altered bytes at \(accepted) were accepted")
    }

    @Test func truncationAndExtensionAreRejectedWithTheirPart() throws {
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, Self.set)
        let container = try RecordContainer.seal([UInt8](repeating: 1, count: 300), publicParameters: pp, policy: Self.policy)
        for cut in [0, 3, 10, 27, 40, container.count / 2, container.count - 17, container.count - 1] {
            do { _ = try RecordContainer.open(Array(container.prefix(cut)), key: key); Issue.record("accepted a container cut at \(cut)") } catch {
                #expect(!error.description.isEmpty)
                if cut == 0 || cut == 3 { #expect(error.description.contains("header") || error.description.contains("truncated")) }
            }
        }
        #expect(throws: ContainerError.self) { _ = try RecordContainer.open(container + [0], key: key) }
        do { _ = try RecordContainer.open(Array("not a container at all, really not".utf8), key: key); Issue.record("accepted garbage") } catch {
            guard case .notAContainer = error else { Issue.record("wrong error \(error)"); return }
        }
    }

    @Test func armourRoundTrips() throws {
        let (pp, _) = Authorities.fabeo
        let container = try RecordContainer.seal([9, 8, 7], publicParameters: pp, policy: Self.policy)
        let text = Armor.encode(container)
        #expect(text.hasPrefix(Armor.begin) && text.split(separator: "\n").allSatisfy { $0.count <= 64 || $0.hasPrefix("-----") })
        #expect(try Armor.decode(text) == container)
        #expect(throws: ContainerError.self) { try Armor.decode(String(text.dropLast(50))) }
    }

    @Test func keyFilesRoundTripAndRefuseTheWrongKind() throws {
        let (pp, ms) = Authorities.fabeo
        let key = Authorities.key(.fabeo, Self.set, validUntil: "2027-01-01")
        let pp2 = try KeyFile.decodePublicParameters(KeyFile.encode(pp))
        #expect(pp2.digest == pp.digest)
        let ms2 = try KeyFile.decodeMasterSecret(KeyFile.encode(ms, publicParameters: pp), publicParameters: pp)
        #expect(KeyAuthority.masterMatchesPublic(pp, ms2))
        let key2 = try KeyFile.decodeUserKey(KeyFile.encode(key))
        #expect(key2.validUntil == "2027-01-01" && key2.keyAttributes == key.keyAttributes)
        let container = try RecordContainer.seal([1], publicParameters: pp, policy: Self.policy)
        #expect(try RecordContainer.open(container, key: key2) == [1])
        #expect(throws: ABEError.self) { try KeyFile.decodeUserKey(KeyFile.encode(pp)) }
        let (otherPP, _) = KeyAuthority.setup(scheme: .fabeo)
        #expect(throws: ABEError.keyFromAnotherAuthority) {
            try KeyFile.decodeMasterSecret(KeyFile.encode(ms, publicParameters: pp), publicParameters: otherPP)
        }
        #expect(throws: ABEError.wrongScheme(expected: "fame", found: "fabeo")) {
            try KeyFile.decodeMasterSecret(KeyFile.encode(ms, publicParameters: pp), publicParameters: Authorities.fame.0)
        }
        var truncated = KeyFile.encode(key); truncated.removeLast(10)
        #expect(throws: ABEError.self) { try KeyFile.decodeUserKey(truncated) }
    }

    @Test func largeRecordsStreamInBoundedMemory() throws {
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, Self.set)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abe-stream-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("big.bin").path
        let sealed = directory.appendingPathComponent("big.abe").path
        let output = directory.appendingPathComponent("big.out").path
        let megabytes = 256
        #expect(FileManager.default.createFile(atPath: input, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: input))
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for i in 0..<megabytes { block[0] = UInt8(i & 0xff); block[block.count - 1] = UInt8((i * 7) & 0xff); try handle.write(contentsOf: block) }
        try handle.close()
        let before = peakResidentMegabytes()
        let summary = try RecordContainer.seal(inputPath: input, outputPath: sealed, publicParameters: pp, policy: Self.policy)
        #expect(summary.recordBytes == megabytes << 20)
        _ = try RecordContainer.open(inputPath: sealed, outputPath: output, key: key)
        let after = peakResidentMegabytes()
        #expect(after - before < 64, "peak memory grew by \(after - before) MB for a \(megabytes) MB record")
        #expect(FileManager.default.contentsEqual(atPath: input, andPath: output))
        // Nothing is overwritten without asking, and a failed open leaves no output behind.
        #expect(throws: ContainerError.self) { _ = try RecordContainer.open(inputPath: sealed, outputPath: output, key: key) }
        let stranger = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse", options: Fixtures.options))
        let refused = directory.appendingPathComponent("refused.out").path
        #expect(throws: ContainerError.self) { _ = try RecordContainer.open(inputPath: sealed, outputPath: refused, key: stranger) }
        #expect(!FileManager.default.fileExists(atPath: refused))
    }

    private func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
