import Foundation
import Ledger

/// `vault bench cluster`: pre-encrypted 1 KB records anchored through
/// providers of several nodes at once (clients split evenly between them),
/// for the embedded store and for nodes ordered by an etcd cluster in one
/// run. The figures are the node's and the orderer's: encryption happens
/// before the clock starts (`NodeBenchmark.prepare`).
public enum ClusterBenchmark {
    public struct Figures: Codable, Sendable {
        public var clients: Int
        public var anchors: Int
        public var anchorsPerSecond: Double
        public var p50Ms: Double
        public var p99Ms: Double
        public var errors: Int
        /// Blocks the run added to the chain, and anchors per block.
        public var blocks: UInt64
        public var anchorsPerBlock: Double
        /// CPU of this process (clients and nodes) per anchor.
        public var cpuMsPerAnchor: Double
        /// CPU of the etcd members per block, from their `/metrics`
        /// (`process_cpu_seconds_total`); nil without a cluster or metrics.
        public var etcdCPUMsPerBlock: Double?

        enum CodingKeys: String, CodingKey {
            case clients, anchors, errors, blocks, anchorsPerSecond = "anchors_per_s", p50Ms = "p50_ms", p99Ms = "p99_ms"
            case anchorsPerBlock = "anchors_per_block", cpuMsPerAnchor = "cpu_ms_per_anchor", etcdCPUMsPerBlock = "etcd_cpu_ms_per_block"
        }
    }

    public struct Result: Codable, Sendable {
        public var embedded: Figures
        public var embeddedOneClient: Figures
        public var cluster: Figures
        public var clusterOneClient: Figures
        /// Cluster p50 over embedded p50, one client each.
        public var oneClientLatencyRatio: Double
        /// Both nodes' replicas ended at the same height and hash.
        public var tipsAgree: Bool
        public var clusterHeight: UInt64

        enum CodingKeys: String, CodingKey {
            case embedded, cluster, embeddedOneClient = "embedded_one_client", clusterOneClient = "cluster_one_client"
            case oneClientLatencyRatio = "one_client_latency_ratio", tipsAgree = "tips_agree", clusterHeight = "cluster_height"
        }

        public init(embedded: Figures, embeddedOneClient: Figures, cluster: Figures, clusterOneClient: Figures,
                    tipsAgree: Bool, clusterHeight: UInt64) {
            self.embedded = embedded
            self.embeddedOneClient = embeddedOneClient
            self.cluster = cluster
            self.clusterOneClient = clusterOneClient
            self.oneClientLatencyRatio = embeddedOneClient.p50Ms > 0 ? clusterOneClient.p50Ms / embeddedOneClient.p50Ms : 0
            self.tipsAgree = tipsAgree
            self.clusterHeight = clusterHeight
        }
    }

    /// Anchors `records` records through `providers` (client k uses provider
    /// k mod count) with `clients` concurrent clients. `height` reads the
    /// chain's height (to count blocks); `etcdCPUSeconds` the etcd members'
    /// CPU so far, when there is a cluster.
    public static func anchors(providers: [Provider], records: Int, clients: Int, idPrefix: String,
                               height: () -> UInt64, etcdCPUSeconds: () -> Double? = { nil }) throws -> Figures {
        let share = (records + providers.count - 1) / providers.count
        let prepared = try providers.enumerated().map { k, provider in
            try NodeBenchmark.prepare(records: share, for: provider, idPrefix: "\(idPrefix)-\(k)")
        }
        let errors = NodeBenchmark.Counter()
        let (heightBefore, cpuBefore, etcdBefore) = (height(), NodeBenchmark.processCPUSeconds(), etcdCPUSeconds())
        let (seconds, latencies) = NodeBenchmark.measure(count: records, clients: clients) { i in
            let k = i % providers.count
            do { try NodeBenchmark.put(prepared[k][i / providers.count], by: providers[k]) } catch { errors.add() }
        }
        let cpu = NodeBenchmark.processCPUSeconds() - cpuBefore
        let blocks = height() - heightBefore
        let etcd = etcdBefore.flatMap { before in etcdCPUSeconds().map { $0 - before } }
        return Figures(clients: clients, anchors: records, anchorsPerSecond: Double(records) / seconds,
                       p50Ms: NodeBenchmark.percentile(latencies, 0.5), p99Ms: NodeBenchmark.percentile(latencies, 0.99),
                       errors: errors.value, blocks: blocks, anchorsPerBlock: blocks > 0 ? Double(records) / Double(blocks) : 0,
                       cpuMsPerAnchor: cpu * 1000 / Double(records),
                       etcdCPUMsPerBlock: etcd.map { blocks > 0 ? $0 * 1000 / Double(blocks) : 0 })
    }
}
