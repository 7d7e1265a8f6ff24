import ABE
import Foundation
import Ledger
import VaultSupport

/// `vault bench node`: concurrent clients over a transport (loopback HTTP in
/// the CLI) putting pre-encrypted 1 KB records and reading them back.
/// Encryption is done before the clock starts (one CP-ABE wrap shared by all
/// bodies, each body sealed for its own record id), so the figures are the
/// node's: signature checks, group commit, fsync, blob store, access logs.
/// Reads fetch blob and proof and check the hash; they do not decrypt.
public enum NodeBenchmark {
    public struct Result: Codable, Sendable {
        public var clients: Int
        public var records: Int
        public var putsPerSecond: Double
        public var putP50Ms: Double
        public var putP99Ms: Double
        public var getsPerSecond: Double
        public var getP50Ms: Double
        public var getP99Ms: Double
        /// Process CPU time (user and system, every thread: node and
        /// clients alike) per put and per get. Unlike the rates it hardly
        /// moves when the machine's speed does.
        public var putCPUMs: Double
        public var getCPUMs: Double
        public var errors: Int
        public var blocks: UInt64
        public var anchorsVerified: Bool
        public var blobsPresent: Int

        enum CodingKeys: String, CodingKey {
            case clients, records, errors, blocks
            case putsPerSecond = "puts_per_s", putP50Ms = "put_p50_ms", putP99Ms = "put_p99_ms"
            case getsPerSecond = "gets_per_s", getP50Ms = "get_p50_ms", getP99Ms = "get_p99_ms"
            case putCPUMs = "put_cpu_ms", getCPUMs = "get_cpu_ms"
            case anchorsVerified = "anchors_verified", blobsPresent = "blobs_present"
        }
    }

    /// Runs against a fresh `NetworkSetup` at `root` whose node `transport` reaches.
    public static func run(root: String, transport: NodeTransport, records: Int, clients: Int,
                           verify: () -> Bool, blobPresent: (String) -> Bool) throws -> Result {
        let admin = try Admin(folder: try PartyFolder(root: root + "/admin"), transport: transport)
        let chainID = admin.chainID.hex
        let readerIdentity = try NetworkSetup.createReader(at: root + "/bench-reader", member: "bench-reader", chainID: chainID, nodeURL: nil)
        _ = try admin.add(try Member(id: "bench-reader", organisation: "Hospital A", roles: [.clinician], publicKey: readerIdentity.publicKey))
        let authority = try Authority(folder: try PartyFolder(root: root + "/authority"), transport: transport)
        let keyPath = root + "/bench-reader/reader.key"
        _ = try authority.issue(holder: "bench-reader", attributes: try AttributeSet(parsing: "role:nurse, hospital:A"), validUntil: nil, output: keyPath)
        let (keyFile, _) = try SignedKeyFile.decode([UInt8](FileManager.default.contents(atPath: keyPath) ?? Data()), path: keyPath)

        let provider = try Provider(folder: try PartyFolder(root: root + "/provider"), transport: transport)
        let prepared = try prepare(records: records, for: provider, idPrefix: "bench")
        let reader = NodeClient(transport: transport, identity: readerIdentity, chainID: admin.chainID)
        let errors = Counter()

        let cpuBeforePuts = processCPUSeconds()
        let (putSeconds, putLatencies) = measure(count: records, clients: clients) { i in
            do { try put(prepared[i], by: provider) } catch { errors.add() }
        }
        // A reader sends the same certificate with every read: encoded once.
        let readRequest = NodeJSON.encode(ReadRequest(keyCertificate: keyFile.certificate))
        let cpuBeforeGets = processCPUSeconds()
        let (getSeconds, getLatencies) = measure(count: records, clients: clients) { i in
            let r = prepared[i]
            do {
                let response = try reader.call("POST", AccessEvidence.readPath(of: r.id), body: readRequest, as: ReadResponse.self)
                if SHA256.hash([UInt8](response.blob)) != r.anchor.ciphertextSHA256 { errors.add() }
            } catch { errors.add() }
        }
        let cpuAfterGets = processCPUSeconds()
        let listed = try admin.client.call("GET", "/v1/records", as: [RecordSummary].self)
        // Anchored (listed with the anchor's hash) and its blob on the node.
        let anchored = Dictionary(listed.map { ($0.id, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let present = prepared.filter { r in
            let sha = r.anchor.ciphertextSHA256.hex
            return anchored[r.id] == sha && blobPresent(sha)
        }.count
        let tip = try admin.client.call("GET", "/v1/chain/tip", as: ChainTip.self)
        return Result(clients: clients, records: records,
                      putsPerSecond: Double(records) / putSeconds, putP50Ms: percentile(putLatencies, 0.5), putP99Ms: percentile(putLatencies, 0.99),
                      getsPerSecond: Double(records) / getSeconds, getP50Ms: percentile(getLatencies, 0.5), getP99Ms: percentile(getLatencies, 0.99),
                      putCPUMs: (cpuBeforeGets - cpuBeforePuts) * 1000 / Double(records),
                      getCPUMs: (cpuAfterGets - cpuBeforeGets) * 1000 / Double(records),
                      errors: errors.value, blocks: tip.height, anchorsVerified: verify(), blobsPresent: present)
    }

    /// A record ready to put: blob, escrow and anchor, made before the clock starts.
    struct PreparedRecord: Sendable {
        let id: String
        let blob: [UInt8]
        let escrow: [UInt8]
        let anchor: RecordAnchored
    }

    /// `records` 1 KB records of `provider` under one CP-ABE wrap (each body
    /// sealed for its own record id), ids `<idPrefix>-<i>`.
    static func prepare(records: Int, for provider: Provider, idPrefix: String) throws -> [PreparedRecord] {
        let policy = try Policy(parsing: "role:nurse AND hospital:A")
        var dataKey = SecureRandom.bytes(32)
        defer { scrub(&dataKey) }
        let wrapped = try RecordContainer.seal(dataKey, publicParameters: provider.publicParameters, policy: policy)
        let body = [UInt8](repeating: 0x7b, count: 1024)
        return try (0..<records).map { i in
            let id = "\(idPrefix)-\(i)"
            let blob = RecordBlob.seal(body: body, recordID: id, dataKey: dataKey, wrappedKey: wrapped).encoded()
            let sha = SHA256.hash(blob)
            let anchor = try RecordAnchored(recordID: id, ciphertextSHA256: sha, policy: policy.compiledText, scheme: provider.publicParameters.scheme.description,
                                            lsssRows: UInt32(policy.lsss().rowCount), ciphertextBytes: UInt64(blob.count), patientCommitment: .zero)
            return PreparedRecord(id: id, blob: blob, escrow: try provider.escrowKey.seal(dataKey: dataKey, recordID: id, blobSHA256: sha.hex),
                                  anchor: anchor)
        }
    }

    /// Puts one prepared record as `provider`: signs its anchor, posts blob, escrow and anchor.
    static func put(_ record: PreparedRecord, by provider: Provider) throws {
        _ = try provider.client.submitting { nonce in
            let tx = try provider.client.sign([.recordAnchored(record.anchor)], firstNonce: nonce)[0]
            return try provider.client.call("POST", "/v1/records", json: PutRecordRequest(
                blob: Data(record.blob), escrow: Data(record.escrow), patientSalt: nil, anchor: Data(tx.encoded)), as: Receipt.self)
        }
    }

    /// Runs `work` for 0..<count on `clients` threads; wall seconds and per-call milliseconds.
    static func measure(count: Int, clients: Int, _ work: @escaping @Sendable (Int) -> Void) -> (Double, [Double]) {
        let latencies = Latencies()
        let next = Counter()
        let start = Date()
        // One thread per client (not concurrentPerform, which runs only as
        // many at once as there are cores).
        let group = DispatchGroup()
        for _ in 0..<clients {
            group.enter()
            let thread = Thread {
                while true {
                    let i = next.add() - 1
                    guard i < count else { break }
                    let t0 = Date()
                    work(i)
                    latencies.append(Date().timeIntervalSince(t0) * 1000)
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return (Date().timeIntervalSince(start), latencies.values.sorted())
    }

    /// User plus system CPU seconds of the whole process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        @discardableResult func add() -> Int { lock.withLock { n += 1; return n } }
        var value: Int { lock.withLock { n } }
    }

    final class Latencies: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Double] = []
        func append(_ v: Double) { lock.withLock { items.append(v) } }
        var values: [Double] { lock.withLock { items } }
    }
}
