import Foundation
@testable import Ledger
import Testing
import Vault

/// Issue 11's fault tests: two organisations' nodes on one three-member etcd
/// cluster, real processes on loopback, each test bounded in time. After
/// each, both nodes hold the same tip and `chain verify` passes on both.
@Suite(.serialized) struct ClusterFaultTests {
    /// Puts through both nodes in turn on a thread of its own until stopped,
    /// remembering when each finished and how.
    final class SteadyLoad: @unchecked Sendable {
        struct Outcome { let finished: Date; let seconds: Double; let succeeded: Bool; let message: String }
        private let lock = NSLock()
        private var outcomes: [Outcome] = []
        private var stopped = false
        private var thread: Thread?

        init(_ network: ClusterNetwork) {
            let thread = Thread { [self] in
                var turn = 0
                while !lock.withLock({ stopped }) {
                    let org = turn % 2 == 0 ? "a" : "b"
                    turn += 1
                    let start = Date()
                    let result = try? network.put(by: org, via: org)
                    let outcome = Outcome(finished: Date(), seconds: Date().timeIntervalSince(start),
                                          succeeded: result?.succeeded == true, message: result?.stderr ?? "did not run")
                    lock.withLock { outcomes.append(outcome) }
                }
            }
            self.thread = thread
            thread.start()
        }

        func stop() {
            lock.withLock { stopped = true }
            while thread?.isFinished == false { usleep(10_000) }
        }

        func outcomes(after date: Date) -> [Outcome] { lock.withLock { outcomes.filter { $0.finished > date } } }
    }

    func network() throws -> (VaultProcess, ClusterNetwork) {
        let vault = try VaultProcess()
        try vault.write("note.json", #"{"resourceType":"Observation","id":"cluster"}"#)
        let network = try ClusterNetwork(vault, etcd: try EtcdCluster(vault))
        try network.serve("a")
        try network.serve("b")
        return (vault, network)
    }

    func expectSameVerifiedTip(_ network: ClusterNetwork) throws {
        let height = try network.converge()
        let a = try network.verifiedTip("a"), b = try network.verifiedTip("b")
        #expect(a == b && a.hasPrefix("\(height):"), "tips differ: a \(a), b \(b)")
    }

    @Test(.timeLimit(.minutes(3)))
    func writesSurviveOneLostEtcdMemberAreRefusedWithoutQuorumAndResume() throws {
        let (vault, network) = try network()
        defer { network.stop(); vault.cleanUp() }
        let load = SteadyLoad(network)
        defer { load.stop() }
        sleep(2)

        // One member of three down: the other two are a quorum.
        try network.etcd.kill(member: 3)
        let oneDown = Date()
        sleep(4)
        let duringOne = load.outcomes(after: oneDown.addingTimeInterval(1))
        #expect(!duringOne.isEmpty && duringOne.allSatisfy(\.succeeded), "\(duringOne.filter { !$0.succeeded }.map(\.message))")

        // Two down: no quorum. Writes are refused as unavailable within a few seconds; reads go on.
        try network.etcd.kill(member: 2)
        let noQuorum = Date()
        sleep(8)
        let refused = load.outcomes(after: noQuorum.addingTimeInterval(3))
        #expect(!refused.isEmpty && refused.allSatisfy { !$0.succeeded }, "writes went on without a quorum")
        for outcome in refused {
            #expect(outcome.message.contains("unavailable") || outcome.message.contains("503"), "\(outcome.message)")
            #expect(outcome.seconds < 6, "a refusal took \(outcome.seconds) s")
        }
        let firstRefusal = load.outcomes(after: noQuorum).first { !$0.succeeded }
        print(String(format: "one member down: %d puts, all succeeded; two down: first refusal %.1f s after the kill, refusals took at most %.1f s",
                     duringOne.count, firstRefusal.map { $0.finished.timeIntervalSince(noQuorum) } ?? -1,
                     refused.map(\.seconds).max() ?? -1))
        // Reads go on from each replica (one may lag by the blocks ordered just
        // before the quorum went: without a quorum etcd serves no reads either).
        let (readA, readB) = (try network.recordIDs(via: "a"), try network.recordIDs(via: "b"))
        #expect(!readA.isEmpty && !readB.isEmpty)

        // Both members back: writes resume.
        try network.etcd.restart(member: 2)
        try network.etcd.restart(member: 3)
        let back = Date()
        sleep(6)
        let resumed = load.outcomes(after: back.addingTimeInterval(3))
        #expect(!resumed.isEmpty && resumed.allSatisfy(\.succeeded), "\(resumed.filter { !$0.succeeded }.map(\.message))")
        let firstSuccess = load.outcomes(after: back).first(where: \.succeeded)
        print(String(format: "members restarted: first put succeeded %.1f s later", firstSuccess.map { $0.finished.timeIntervalSince(back) } ?? -1))
        load.stop()
        try expectSameVerifiedTip(network)
        // No anchor twice: every listed record id is distinct.
        let ids = try network.recordIDs(via: "b")
        #expect(Set(ids).count == ids.count)
    }

    @Test(.timeLimit(.minutes(2)))
    func aNodeKilledAfterItsBlockWasOrderedCatchesUpWithNothingLostOrDuplicated() throws {
        let (vault, network) = try network()
        defer { network.stop(); vault.cleanUp() }
        #expect(try network.put(by: "a", via: "a").succeeded)
        let before = try network.converge(atLeast: 1)

        // The node dies after etcd took its block and before its replica stored it.
        network.stopNode("a")
        try network.serve("a", environment: ["VAULT_CRASH_AT": "block-ordered"])
        let crashed = try network.put(by: "a", via: "a")
        #expect(!crashed.succeeded)
        network.stopNode("a", kill: true)
        // Hospital B's node applies the block the dead node ordered.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, try network.health("b")?.height != before + 1 { usleep(100_000) }
        #expect(try network.health("b")?.height == before + 1)

        try network.serve("a")
        let after = try network.converge(atLeast: before + 1)
        #expect(after == before + 1)
        let idsA = try network.recordIDs(via: "a"), idsB = try network.recordIDs(via: "b")
        #expect(idsA.count == 2 && Set(idsA) == Set(idsB), "a: \(idsA), b: \(idsB)")
        // The restarted node writes again.
        #expect(try network.put(by: "a", via: "a").succeeded)
        try expectSameVerifiedTip(network)
    }

    @Test(.timeLimit(.minutes(4)))
    func aStoppedNodeCatchesUpOnAThousandBlocks() throws {
        let (vault, network) = try network()
        defer { network.stop(); vault.cleanUp() }
        network.stopNode("b")
        try FileManager.default.createDirectory(atPath: vault.path("batch"), withIntermediateDirectories: true)
        for i in 0..<1000 { try vault.write("batch/note-\(i).json", #"{"resourceType":"Observation","id":"n\#(i)"}"#) }
        let put = try vault.run("record", "put", "--party", network.folder("a") + "/provider", "--node", network.url("a"),
                                "--policy", "role:nurse AND hospital:A", "--dir", "batch")
        try #require(put.succeeded, "\(put.stderr)")
        let height = try #require(try network.health("a")).height
        #expect(height >= 1000)

        let restarted = Date()
        try network.serve("b")
        // At or above A's height: the restarted node may add one block, its own NodeAddressSet.
        let caughtUp = try network.converge(atLeast: height, within: 60)
        #expect(caughtUp == height || caughtUp == height + 1, "\(caughtUp) after \(height)")
        print("node b caught up on \(height) blocks in \(String(format: "%.1f", Date().timeIntervalSince(restarted))) s")
        #expect(try network.recordIDs(via: "b").count == 1000)
        try expectSameVerifiedTip(network)
    }

    @Test(.timeLimit(.minutes(2)))
    func theClusterDemoReadsARecordOfHospitalAThroughHospitalBsNode() throws {
        let vault = try VaultProcess()
        let etcd = try EtcdCluster(vault)
        defer { etcd.stop(); vault.cleanUp() }
        let demo = try vault.run("demo", "--cluster", "--etcd", etcd.urls, "--keep", "demo")
        #expect(demo.succeeded && demo.stdout.contains("cluster demo finished: every step behaved as described"), "\(demo.stdout)\(demo.stderr)")
        #expect(!demo.stdout.contains("✗"))
        // The blob reached Hospital B's node only by the fetch from Hospital A's.
        let blobsB = try vault.storedNames("demo/hospitalb/node/blobs")
        #expect(blobsB.count == 6, "B's node keeps its own five blobs and the one fetched from A: \(blobsB.count)")
    }

    @Test(.timeLimit(.minutes(2)))
    func aBlobFetchedFromAnotherOrganisationsNodeIsCheckedAgainstItsAnchor() throws {
        let (vault, network) = try network()
        defer { network.stop(); vault.cleanUp() }
        let keygen = try vault.run("authority", "keygen", "--party", network.folder("a") + "/authority", "--node", network.url("a"),
                                   "--holder", "hospitala-auditor", "--attributes", "role:nurse, hospital:A", "--out", "auditor.key")
        try #require(keygen.succeeded, "\(keygen.stderr)")
        func read(_ id: String, via org: String) throws -> VaultProcess.Result {
            try vault.run("record", "get", id, "--party", network.folder("a") + "/auditor", "--key", "auditor.key",
                          "--node", network.url(org), "--out", "got-\(id)-\(org).json")
        }
        let first = try network.put(by: "a", via: "a"), second = try network.put(by: "a", via: "a")
        try #require(first.succeeded && second.succeeded)
        let (good, bad) = (first.stdout.trimmingCharacters(in: .whitespacesAndNewlines), second.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        _ = try network.converge(atLeast: 4)

        // Untouched: read through B's node, which fetched and kept the blob.
        let fetched = try read(good, via: "b")
        #expect(fetched.succeeded && vault.read("got-\(good)-b.json") == vault.read("note.json"), "\(fetched.stderr)")

        // Altered on A's disk: B's node refuses what A sends and keeps nothing.
        let blobsA = try FileBlobStore(directory: vault.path(network.node("a") + "/blobs"), readOnly: true)
        let blobsBefore = try vault.storedNames(network.node("b") + "/blobs")
        let newest = try #require(try blobsA.names().first { !blobsBefore.contains($0) })
        let onDisk = try #require(blobsA.location(of: newest))
        let pack = try #require(FileHandle(forUpdatingAtPath: onDisk.path))
        try pack.seek(toOffset: UInt64(onDisk.offset + onDisk.length / 2))
        let byte = try #require(try pack.read(upToCount: 1))
        try pack.seek(toOffset: UInt64(onDisk.offset + onDisk.length / 2))
        try pack.write(contentsOf: Data([byte[byte.startIndex] ^ 0x40]))
        try pack.close()
        let refused = try read(bad, via: "b")
        #expect(!refused.succeeded && refused.stderr.contains("missing"), "\(refused.stderr)")
        #expect(try !vault.storedNames(network.node("b") + "/blobs").contains(newest))
        try expectSameVerifiedTip(network)
    }

    @Test(.timeLimit(.minutes(2)))
    func aReaderIsAddedWithAMajorityOfBothOrganisationsAdminsAndReadsThroughEitherNode() throws {
        let (vault, network) = try network()
        defer { network.stop(); vault.cleanUp() }
        let made = try vault.run("identity", "new", "--member", "dr-dana", "--folder", "dana", "--chain-id", network.chainID)
        try #require(made.succeeded, "\(made.stderr)")
        let publicKey = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // Two admins: Hospital A's alone is not a majority.
        let proposed = try vault.run("member", "add", "--party", network.folder("a") + "/admin", "--node", network.url("a"),
                                     "--id", "dr-dana", "--organisation", "Hospital B", "--role", "clinician",
                                     "--public-key", publicKey, "--proposal", "add-dana.json")
        try #require(proposed.succeeded, "\(proposed.stderr)")
        let alone = try vault.run("member", "submit", "--party", network.folder("a") + "/admin", "--node", network.url("a"), "--proposal", "add-dana.json")
        #expect(!alone.succeeded && alone.stderr.contains("governance"), "\(alone.stdout)\(alone.stderr)")
        let selfApproval = try vault.run("member", "approve", "--party", network.folder("a") + "/admin", "--proposal", "add-dana.json")
        #expect(!selfApproval.succeeded, "the proposer approved its own proposal")

        let approved = try vault.run("member", "approve", "--party", network.folder("b") + "/admin", "--proposal", "add-dana.json", "--json")
        try #require(approved.succeeded, "\(approved.stderr)")
        try DocumentedJSON.check("vault member approve --json", approved.stdout)
        let submitted = try vault.run("member", "submit", "--party", network.folder("a") + "/admin", "--node", network.url("b"),
                                      "--proposal", "add-dana.json", "--json")
        try #require(submitted.succeeded, "\(submitted.stderr)")
        try DocumentedJSON.check("vault member submit --json", submitted.stdout)

        let keygen = try vault.run("authority", "keygen", "--party", network.folder("a") + "/authority", "--node", network.url("a"),
                                   "--holder", "dr-dana", "--attributes", "role:nurse, hospital:A", "--out", "dana/dana.key")
        try #require(keygen.succeeded, "\(keygen.stderr)")
        let put = try network.put(by: "a", via: "a")
        try #require(put.succeeded)
        let id = put.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for org in ["b", "a"] {
            let got = try vault.run("record", "get", id, "--party", "dana", "--key", "dana/dana.key", "--node", network.url(org), "--out", "dana-\(org).json")
            #expect(got.succeeded && vault.read("dana-\(org).json") == vault.read("note.json"), "through \(org): \(got.stderr)")
        }
        try expectSameVerifiedTip(network)
    }

    enum Forgery: String, CaseIterable, CustomTestStringConvertible {
        case badSeal, wrongMerkleRoot
        var testDescription: String { rawValue }
    }

    @Test(.timeLimit(.minutes(2)), arguments: Forgery.allCases)
    func aForgedBlockWrittenIntoEtcdIsRefusedByEveryNode(_ forgery: Forgery) throws {
        let (vault, network) = try network()
        defer { network.stop(); vault.cleanUp() }
        #expect(try network.put(by: "a", via: "a").succeeded)
        #expect(try network.put(by: "b", via: "b").succeeded)
        let height = try network.converge(atLeast: 2)

        // The tip block, as etcd holds it, is the template of the forgery.
        let prefix = Array("/record-vault/\(network.chainID)/block/".utf8)
        func key(_ h: UInt64) -> [UInt8] { prefix + Array(String(format: "%020llu", h).utf8) }
        let tipBytes = try #require(try network.etcd.get(key: key(height)))
        let tip = try Block(decoding: try StoredBlock(wireBytes: tipBytes))
        let sealer = try KeyFile.read(path: vault.path(network.node("a") + "/node.key"))
        let entries = tip.stored.entries
        let root = forgery == .wrongMerkleRoot ? Digest32(hex: String(repeating: "ab", count: 32))! : tip.header.merkleRoot
        let header = try BlockHeader(chainID: tip.header.chainID, height: height + 1, previousHash: tip.hash, merkleRoot: root,
                                     transactionCount: UInt32(entries.count), time: tip.header.time + 1, sealer: sealer.memberID)
        var seal = try header.seal(with: sealer.key)
        if forgery == .badSeal { seal[0] ^= 1 }
        let forged = StoredBlock(height: height + 1, header: header.canonicalBytes, seal: seal, entries: entries)
        try network.etcd.put(key: key(height + 1), value: forged.wireBytes)

        // Every node stops writing, naming the height; neither applies the block.
        let deadline = Date().addingTimeInterval(10)
        var healthA = try network.health("a"), healthB = try network.health("b")
        while Date() < deadline, healthA?.writable != false || healthB?.writable != false {
            usleep(100_000)
            healthA = try network.health("a")
            healthB = try network.health("b")
        }
        for health in [healthA, healthB] {
            #expect(health?.writable == false && health?.height == height, "\(String(describing: health))")
            #expect(health?.reason?.contains("height \(height + 1)") == true, "\(health?.reason ?? "no reason")")
            let reason = health?.reason ?? ""
            #expect(forgery == .badSeal ? reason.contains("signature") : reason.contains("Merkle root"), "\(reason)")
        }
        let refused = try network.put(by: "a", via: "a")
        #expect(!refused.succeeded && refused.stderr.contains("refuses writes"), "\(refused.stderr)")
        try expectSameVerifiedTip(network)
    }
}
