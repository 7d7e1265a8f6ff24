import ABE
import Foundation
import Ledger

/// `vault demo --cluster`: two organisations' nodes on one chain whose
/// blocks an etcd cluster orders. A record anchored at Hospital A is read
/// through Hospital B's node, which fetches the blob from A's node and checks
/// it against the anchor. Every step checks its outcome.
public struct ClusterDemo {
    let say: (String) -> Void
    var failures: [String] = []

    public init(say: @escaping (String) -> Void) { self.say = say }

    /// Folders from `ClusterSetup.create` and a transport to each organisation's node.
    public struct Setting {
        public let folders: [String]
        public let transports: [NodeTransport]
        public init(folders: [String], transports: [NodeTransport]) {
            self.folders = folders
            self.transports = transports
        }
    }

    public mutating func run(_ setting: Setting) -> Bool {
        do { try story(setting) } catch {
            failures.append("unexpected error: \(error)")
            say("  ✗ unexpected error: \(error)")
        }
        say("")
        if failures.isEmpty { say("cluster demo finished: every step behaved as described") } else {
            say("cluster demo FAILED in \(failures.count) step(s):")
            for f in failures { say("  - \(f)") }
        }
        return failures.isEmpty
    }

    mutating func check(_ ok: Bool, _ what: String) {
        say("  \(ok ? "✓" : "✗") \(what)")
        if !ok { failures.append(what) }
    }

    /// Waits until both nodes report the same tip at least `height`.
    func sameTip(_ a: NodeClient, _ b: NodeClient, atLeast height: UInt64) throws -> ChainTip? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let ta = try a.call("GET", "/v1/chain/tip", as: ChainTip.self), tb = try b.call("GET", "/v1/chain/tip", as: ChainTip.self)
            if ta == tb || (ta.hash == tb.hash && ta.height == tb.height), ta.height >= height { return ta }
            usleep(50_000)
        }
        return nil
    }

    mutating func story(_ s: Setting) throws {
        let (a, b) = (s.folders[0], s.folders[1])
        let (toA, toB) = (s.transports[0], s.transports[1])
        say("1. Hospital A's and Hospital B's nodes follow one chain; an etcd cluster orders its blocks")
        let auditorViaA = try NodeClient(folder: try PartyFolder(root: a + "/auditor"), transport: toA)
        let auditorViaB = try NodeClient(folder: try PartyFolder(root: a + "/auditor"), transport: toB)
        let genesis = try sameTip(auditorViaA, auditorViaB, atLeast: 0)
        check(genesis != nil, "both nodes serve the same chain \(genesis?.chainId.prefix(16) ?? "?")… at the same tip")

        say("\n2. Hospital A's authority issues Hospital A's auditor a key; A's provider stores a record through A's node")
        let authority = try Authority(folder: try PartyFolder(root: a + "/authority"), transport: toA)
        let keyPath = a + "/auditor/auditor.key"
        _ = try authority.issue(holder: "hospitala-auditor", attributes: try AttributeSet(parsing: "role:cardiologist, hospital:A"),
                                validUntil: nil, output: keyPath)
        let providerA = try Provider(folder: try PartyFolder(root: a + "/provider"), transport: toA)
        let body = try Samples.named("discharge-summary")
        let put = try providerA.put(body: body, policy: try Policy(parsing: "role:cardiologist AND hospital:A"), patient: "P-000042")
        let id = put.recordId ?? ""
        say("  \(id) anchored at height \(put.height) by hospitala-node")

        say("\n3. Hospital B's node applies the block after judging it, and serves the record's anchor")
        check(try sameTip(auditorViaA, auditorViaB, atLeast: put.height) != nil, "B's replica reaches A's tip")
        let shownByB = try auditorViaB.call("GET", "/v1/records/\(id)", as: RecordDetails.self)
        check(shownByB.record.id == id, "B's node shows \(id) (\(shownByB.record.bytes) bytes)")

        say("\n4. The auditor reads the record through Hospital B's node")
        let reader = try Reader(folder: try PartyFolder(root: a + "/auditor"), transport: toB)
        let key = [UInt8](FileManager.default.contents(atPath: keyPath) ?? Data())
        let got = try reader.get(recordID: id, keyFile: key, keyPath: keyPath)
        check(got.body == body, "B's node fetched the blob from A's node, checked it against the anchor, and the auditor decrypted it on its own machine")
        check(try FileBlobStore(directory: b + "/node/blobs", readOnly: true).read(shownByB.record.sha256) != nil, "B's node now keeps the blob itself")

        say("\n5. Both organisations write at once; the cluster orders every block once")
        let providerB = try Provider(folder: try PartyFolder(root: b + "/provider"), transport: toB)
        let policy = try Policy(parsing: "role:nurse AND hospital:A")
        let group = DispatchGroup()
        let receipts = ReceiptBox()
        for (provider, tag) in [(providerA, "a"), (providerB, "b")] {
            for i in 0..<5 {
                group.enter()
                DispatchQueue.global().async {
                    receipts.add(Result { try provider.put(body: Array("note \(tag)\(i)".utf8), policy: policy, patient: nil) })
                    group.leave()
                }
            }
        }
        group.wait()
        let all = receipts.all
        check(all.allSatisfy { (try? $0.get()) != nil }, "ten records stored through both nodes at once, none refused")
        let top = all.compactMap { try? $0.get().height }.max() ?? 0
        let tip = try sameTip(auditorViaA, auditorViaB, atLeast: top)
        check(tip != nil, "both replicas end at the same tip \(tip.map { "\($0.height):\($0.hash.prefix(16))…" } ?? "?")")
        let listed = try auditorViaB.call("GET", "/v1/records", as: [RecordSummary].self)
        check(listed.count == 11 && Set(listed.map(\.id)).count == 11, "B's node lists eleven records, each once")
    }

    final class ReceiptBox: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<Receipt, Error>] = []
        func add(_ result: Result<Receipt, Error>) { lock.withLock { results.append(result) } }
        var all: [Result<Receipt, Error>] { lock.withLock { results } }
    }
}
