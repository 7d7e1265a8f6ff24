import ABE
import BLS12381
import Foundation
import Ledger
import VaultSupport

/// `vault bench vault`: records per second through `record put` and
/// `record get` (chain anchors and access logs included) for 1 KB and 100 KB
/// records under a 5-attribute policy, and each operation's time as a
/// multiple of one pairing measured in the same run.
public enum VaultBenchmarks {
    public struct Figure: Sendable {
        public let recordBytes: Int
        public let putPerSecond: Double
        public let getPerSecond: Double
        public let putPairings: Double
        public let getPairings: Double
    }

    public struct Report: Sendable {
        public let pairingNanoseconds: Double
        public let policy: String
        public let records: Int
        public let figures: [Figure]

        public var json: String {
            func r(_ x: Double) -> String { "\((x * 100).rounded() / 100)" }
            let entries = figures.map { f in
                "  \"\(f.recordBytes / 1024)kb\": {\"record_bytes\": \(f.recordBytes), \"put_per_s\": \(r(f.putPerSecond)), "
                    + "\"get_per_s\": \(r(f.getPerSecond)), \"put_pairings\": \(r(f.putPairings)), \"get_pairings\": \(r(f.getPairings))}"
            }
            return "{\n  \"pairing_median_ns\": \(Int(pairingNanoseconds)),\n  \"records_per_size\": \(records),\n  \"policy\": \"\(policy)\",\n"
                + entries.joined(separator: ",\n") + "\n}"
        }
    }

    public static let policy = "role:cardiologist AND hospital:A AND dept:cardiology AND ward:A-2N AND employment:staff"

    public static func run(records: Int = 40, sizes: [Int] = [1024, 100 * 1024]) throws -> Report {
        let p = G1Point.generator * Scalar.random(), q = G2Point.generator * Scalar.random()
        let pairingTime = measureMedian("pairing", budget: .milliseconds(300)) { blackHole(pairing(p, q)) }.medianNanoseconds
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let vault = try RecordVault.initialize(at: DataDirectory(url: directory))
        let parsed = try Policy(parsing: policy, options: .standard)
        let key = try vault.issueKey(attributes: AttributeSet(parsing: "role:cardiologist, hospital:A, dept:cardiology, ward:A-2N, employment:staff"),
                                     validUntil: nil, holder: "bench-reader")
        var figures = [Figure]()
        for size in sizes {
            let body = SecureRandom.bytes(size)
            var ids = [String]()
            let putStart = ContinuousClock.now
            for _ in 0..<records { ids.append(try vault.put(body: body, policy: parsed).recordID) }
            let putSeconds = seconds(ContinuousClock.now - putStart)
            let getStart = ContinuousClock.now
            for id in ids { guard try vault.get(recordID: id, key: key) == body else { throw VaultError.malformed("benchmark read back wrong bytes") } }
            let getSeconds = seconds(ContinuousClock.now - getStart)
            let perPut = putSeconds / Double(records) * 1e9, perGet = getSeconds / Double(records) * 1e9
            figures.append(Figure(recordBytes: size, putPerSecond: Double(records) / putSeconds, getPerSecond: Double(records) / getSeconds,
                                  putPairings: perPut / pairingTime, getPairings: perGet / pairingTime))
        }
        return Report(pairingNanoseconds: pairingTime, policy: policy, records: records, figures: figures)
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
