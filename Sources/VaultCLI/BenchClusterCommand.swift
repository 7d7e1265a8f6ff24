import ArgumentParser
import Foundation
import LedgerEtcd
import Logging
import Vault
import VaultClient
import VaultServer

/// `vault bench cluster`.
struct BenchClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Anchors per second and commit latency through two nodes on one etcd cluster, beside the embedded store.",
        discussion: """
            Runs, in one process and one run: the embedded node (it orders its own blocks on SQLite), then two \
            organisations' nodes whose blocks the etcd cluster orders, clients split evenly between them; each \
            with --clients clients and with one. Records are encrypted before the clock starts. Start a \
            cluster first with tools/etcd-cluster.sh start.
            Each phase reports anchors/s, p50 and p99 commit latency, errors, the blocks it added and \
            anchors per block, this process's CPU per anchor (clients and nodes together) and, for the \
            cluster, the etcd members' CPU per block read from their /metrics. --json prints the phases \
            as embedded, embedded_one_client, cluster and cluster_one_client (keys clients, anchors, \
            anchors_per_s, p50_ms, p99_ms, errors, blocks, anchors_per_block, cpu_ms_per_anchor, \
            etcd_cpu_ms_per_block), then one_client_latency_ratio, tips_agree and cluster_height.
            Example:
              vault bench cluster --json \\
                --etcd http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793
            """)

    @OptionGroup var etcd: EtcdOption
    // 64: each client waits for its commit, so at 32 the clients' own waits
    // bound the rate before the two cores do (docs/CLUSTER.md).
    @Option(help: "Concurrent clients, split evenly between the nodes.") var clients = 64
    @Option(help: "Records to anchor at --clients clients (200 more at one client).") var records = 4000
    @Option(name: .customLong("load-generator"), help: LoadGenerator.help) var loadGenerator: LoadGenerator = .minimal
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...512).contains(clients) else { throw ValidationError("--clients must be 1 to 512") }
        guard (1...1_000_000).contains(records) else { throw ValidationError("--records must be 1 to 1000000") }
    }

    func run() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-bench-cluster-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        guard let endpoints = try etcd.endpoints() else { throw ValidationError("give the cluster: --etcd URL[,URL…] or $VAULT_ETCD") }
        var logger = Logger(label: "vault.bench.cluster")
        logger.logLevel = .critical
        let oneClientRecords = min(200, records)

        // The embedded store.
        _ = try NetworkSetup.create(at: root + "/embedded")
        let embeddedNode = try VaultNode(directory: NodeDirectory(root: root + "/embedded/node"))
        defer { embeddedNode.close() }
        let embeddedProvider = try Provider(folder: try PartyFolder(root: root + "/embedded/provider"),
                                            transport: try loadGenerator.transport(port: try serve(embeddedNode, logger: logger)))
        let embeddedHeight = { embeddedNode.tip().height }
        let embedded = try ClusterBenchmark.anchors(providers: [embeddedProvider], records: records, clients: clients, idPrefix: "e",
                                                    height: embeddedHeight)
        let embeddedOne = try ClusterBenchmark.anchors(providers: [embeddedProvider], records: oneClientRecords, clients: 1, idPrefix: "e1",
                                                       height: embeddedHeight)

        // Two organisations' nodes on the cluster.
        let client = try EtcdClient(endpoints: endpoints)
        defer { client.shutdown() }
        let created = try ClusterSetup.create(at: root + "/cluster", organisations: ["Hospital A", "Hospital B"]) {
            EtcdOrderer(client: client, chainID: $0)
        }
        var nodes: [VaultNode] = []
        defer { for node in nodes { node.close() } }
        var providers: [Provider] = []
        for (_, folder) in created.organisations {
            let orderer = try EtcdOption.orderer(endpoints: endpoints, chainID: created.chainID)
            defer { orderer.client.shutdown() }
            let directory = NodeDirectory(root: folder + "/node")
            _ = try ClusterSetup.join(node: directory, chainID: created.chainID, orderer: orderer, etcd: endpoints)
        }
        for (_, folder) in created.organisations {
            let orderer = try EtcdOption.orderer(endpoints: endpoints, chainID: created.chainID)
            let node = try VaultNode(directory: NodeDirectory(root: folder + "/node"), orderer: orderer)
            nodes.append(node)
            providers.append(try Provider(folder: try PartyFolder(root: folder + "/provider"),
                                          transport: try loadGenerator.transport(port: try serve(node, logger: logger))))
        }
        let clusterHeight = { nodes.map { $0.tip().height }.max() ?? 0 }
        let etcdCPU = { client.processCPUSeconds() }
        let cluster = try ClusterBenchmark.anchors(providers: providers, records: records, clients: clients, idPrefix: "c",
                                                   height: clusterHeight, etcdCPUSeconds: etcdCPU)
        let clusterOne = try ClusterBenchmark.anchors(providers: providers, records: oneClientRecords, clients: 1, idPrefix: "c1",
                                                      height: clusterHeight, etcdCPUSeconds: etcdCPU)

        // Both replicas reach the same tip.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, Set(nodes.map { $0.tip().hash }).count > 1 { usleep(50_000) }
        let result = ClusterBenchmark.Result(embedded: embedded, embeddedOneClient: embeddedOne, cluster: cluster, clusterOneClient: clusterOne,
                                             tipsAgree: Set(nodes.map { $0.tip().hash }).count == 1, clusterHeight: nodes[0].tip().height)
        if json { return try printJSON(result) }
        print("anchors of 1 KB records; two nodes on a \(endpoints.count)-member etcd cluster beside the embedded store")
        for (name, f) in [("embedded", embedded), ("embedded", embeddedOne), ("cluster", cluster), ("cluster", clusterOne)] {
            print("  " + name.padded(9) + String(format: "%3d clients  %8.0f anchors/s   p50 %6.1f ms   p99 %6.1f ms   errors %d",
                         f.clients, f.anchorsPerSecond, f.p50Ms, f.p99Ms, f.errors)
                  + String(format: "   %5.1f anchors/block   CPU %.2f ms/anchor", f.anchorsPerBlock, f.cpuMsPerAnchor)
                  + (f.etcdCPUMsPerBlock.map { String(format: "   etcd CPU %.1f ms/block", $0) } ?? ""))
        }
        print(String(format: "  one client: cluster p50 is %.2f× the embedded store's", result.oneClientLatencyRatio)
              + "; replicas agree: \(result.tipsAgree ? "yes" : "NO") (height \(result.clusterHeight))")
    }

    /// Serves `node` on a free loopback port; the port.
    private func serve(_ node: VaultNode, logger: Logger) throws -> Int {
        let port = DemoCommand.PortBox()
        Task { try await NodeServer.run(node: node, host: "127.0.0.1", port: 0, logger: logger) { port.set($0) } }
        guard let bound = port.wait(seconds: 20) else { throw CommandFailure.failed("a benchmark node did not start") }
        return bound
    }
}
