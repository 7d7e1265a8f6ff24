import Foundation
import Ledger
import VaultSupport

/// `vault bench chain`: appends signed RecordAnchored transactions in blocks
/// of a chosen size to a fresh SQLite chain, then replays the whole chain as
/// `vault chain verify` does, and reports rates and the bytes stored per anchor.
public enum ChainBenchmark {
    public struct Result: Codable, Sendable {
        public let anchors: Int
        public let blockSize: Int
        /// Anchors appended per second: validation (signature, role, nonce),
        /// sealing, and one SQLite transaction per block, fsync included.
        public let anchorsPerSecond: Double
        /// Transactions per second for a full replay: decoding, hash links,
        /// Merkle roots, membership, nonces and every signature.
        public let verifyTransactionsPerSecond: Double
        /// Size of chain.sqlite (after a WAL checkpoint) divided by the anchors.
        public let bytesPerAnchor: Double
        /// Client-side signing rate (not part of the append figure).
        public let signaturesPerSecond: Double
        public let appendSeconds: Double
        public let verifySeconds: Double
        public let cores: Int

        enum CodingKeys: String, CodingKey {
            case anchors, cores
            case blockSize = "block_size", anchorsPerSecond = "anchors_per_s"
            case verifyTransactionsPerSecond = "verify_tx_per_s", bytesPerAnchor = "bytes_per_anchor"
            case signaturesPerSecond = "client_signatures_per_s"
            case appendSeconds = "append_s", verifySeconds = "verify_s"
        }
    }

    public static let defaultAnchors = 20_000
    /// 500 anchors per block: large enough that the per-block fsync and seal
    /// are a small share of the work, small enough that a block commits in
    /// well under a second.
    public static let defaultBlockSize = 500

    /// Runs the benchmark in `directory`, which must not already hold a chain.
    public static func run(anchors: Int = defaultAnchors, blockSize: Int = defaultBlockSize,
                           directory: DataDirectory) throws -> Result {
        guard anchors > 0, blockSize > 0 else { throw LedgerError.invalidInput("anchors and block size must be positive") }
        guard !FileManager.default.fileExists(atPath: directory.chainPath) else {
            throw LedgerError.conflict("\(directory.chainPath) already exists; the benchmark needs a fresh directory")
        }
        let validator = Identity(memberID: "bench-validator", key: try SigningKey.generate())
        let provider = Identity(memberID: "bench-provider", key: try SigningKey.generate())
        let genesis = try GenesisConfig(
            chainName: "benchmark", createdAt: LedgerClock.nowMillis(), salt: SecureRandom.bytes(16),
            members: [try Member(id: validator.memberID, organisation: "Bench", roles: [.admin, .validator], publicKey: validator.publicKey),
                      try Member(id: provider.memberID, organisation: "Bench", roles: [.provider], publicKey: provider.publicKey)])
        let store = try Chain.sqliteStore(in: directory, create: true)
        let ledger = try Chain.create(genesis: genesis, sealer: validator, store: store)

        let signStart = Date()
        let transactions = try signAnchors(anchors, chainID: genesis.chainID, by: provider)
        let signSeconds = Date().timeIntervalSince(signStart)

        let appendStart = Date()
        var next = 0
        while next < anchors {
            let end = min(anchors, next + blockSize)
            try ledger.append(Array(transactions[next..<end]), sealedBy: validator)
            next = end
        }
        let appendSeconds = Date().timeIntervalSince(appendStart)

        try store.checkpoint()
        let size = (try FileManager.default.attributesOfItem(atPath: directory.chainPath)[.size] as? NSNumber)?.doubleValue ?? 0

        let verifyStart = Date()
        let report = Chain.verify(store: try SQLiteLedgerStore(path: directory.chainPath, mode: .existing))
        let verifySeconds = Date().timeIntervalSince(verifyStart)
        if let failure = report.failure {
            throw LedgerError.brokenChain("the benchmark chain failed verification: \(failure)")
        }
        guard report.transactionsVerified == anchors else {
            throw LedgerError.brokenChain("verified \(report.transactionsVerified) transactions, expected \(anchors)")
        }
        return Result(anchors: anchors, blockSize: blockSize,
                      anchorsPerSecond: Double(anchors) / appendSeconds,
                      verifyTransactionsPerSecond: Double(anchors) / verifySeconds,
                      bytesPerAnchor: size / Double(anchors),
                      signaturesPerSecond: Double(anchors) / signSeconds,
                      appendSeconds: appendSeconds, verifySeconds: verifySeconds,
                      cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Realistic anchors (policy text, digests, a patient commitment), signed
    /// on all cores as many clients would.
    private static func signAnchors(_ count: Int, chainID: Digest32, by provider: Identity) throws -> [SignedTransaction] {
        let salt = SecureRandom.bytes(32)
        let time = LedgerClock.nowMillis()
        let bodies = try (0..<count).map { i in
            try TransactionBody(
                chainID: chainID, submitter: provider.memberID, nonce: UInt64(i + 1), time: time,
                payload: .recordAnchored(RecordAnchored(
                    recordID: "record-\(i)", ciphertextSHA256: SHA256.hash(Array("ciphertext \(i)".utf8)),
                    policy: "(role:cardiologist AND hospital:st-mary) OR (role:gp AND region:north)",
                    scheme: "FAME", lsssRows: 4, ciphertextBytes: 4_096 + UInt64(i % 512),
                    patientCommitment: PatientCommitment.commit(pseudonym: "patient-\(i % 997)", salt: salt))))
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var signed = [SignedTransaction?](repeating: nil, count: count)
        signed.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes only its own stride of slots.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in stride(from: w, to: count, by: workers) {
                    slots[i] = try? bodies[i].signed(with: provider.key)
                }
            }
        }
        return try signed.map { tx in
            guard let tx else { throw LedgerError.cryptoFailure("signing a benchmark transaction failed") }
            return tx
        }
    }
}
