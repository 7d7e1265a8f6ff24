import ArgumentParser
import Foundation
import Logging
import Vault
import VaultClient
import VaultServer

/// `vault bench node`.
struct BenchNodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Concurrent clients over loopback HTTP putting pre-encrypted 1 KB records and reading them back.",
        discussion: """
            The clients share the machine with the node. By default they
            speak HTTP/1.1 over blocking sockets, doing only what a request
            needs, so that the figures are the node's; --load-generator
            async-http-client drives the node through the parties' own
            transport instead.

            Example:
              vault bench node --clients 32 --records 2000 --json
            """)

    @Option(help: "Concurrent clients.") var clients = 32
    @Option(help: "Records to put and then read.") var records = 2000
    @Option(name: .customLong("blob-store"), help: ArgumentHelp(BlobStoreOption.help + " A postgres:// store gets a table of its own, dropped afterwards."))
    var blobStore: String?
    @Option(name: .customLong("load-generator"), help: LoadGenerator.help) var loadGenerator: LoadGenerator = .minimal
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...512).contains(clients) else { throw ValidationError("--clients must be 1 to 512") }
        guard (1...1_000_000).contains(records) else { throw ValidationError("--records must be 1 to 1000000") }
    }

    func run() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-bench-node-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try NetworkSetup.create(at: root)
        let choice = BlobStoreOption.resolve(blobStore)
        let database = try BlobStoreOption.open(choice, table: "vault_bench_\(UUID().uuidString.prefix(8).lowercased())")
        defer { try? database?.dropTable(); database?.close() }
        let node = try VaultNode(directory: NodeDirectory(root: root + "/node"), stores: database?.nodeStores())
        defer { node.close() }
        let port = DemoCommand.PortBox()
        var logger = Logger(label: "vault.bench.node")
        logger.logLevel = .critical
        let server = Task { try await NodeServer.run(node: node, host: "127.0.0.1", port: 0, logger: logger) { port.set($0) } }
        guard let bound = port.wait(seconds: 20) else { throw CommandFailure.failed("the benchmark's node did not start") }
        let result = try NodeBenchmark.run(root: root, transport: try loadGenerator.transport(port: bound),
                                           records: records, clients: clients, verify: { node.verifyChain() }, blobPresent: { node.hasBlob(sha256: $0) })
        server.cancel()
        if json { return try printJSON(result) }
        print("node over loopback HTTP (\(loadGenerator.rawValue) load generator), \(result.clients) clients, \(result.records) records of 1 KB, blobs in \(database.map { "PostgreSQL (\($0.location.endpoint))" } ?? "files")")
        print(String(format: "  put  %8.0f records/s   p50 %6.1f ms   p99 %6.1f ms   CPU %5.2f ms each", result.putsPerSecond, result.putP50Ms, result.putP99Ms, result.putCPUMs))
        print(String(format: "  get  %8.0f records/s   p50 %6.1f ms   p99 %6.1f ms   CPU %5.2f ms each", result.getsPerSecond, result.getP50Ms, result.getP99Ms, result.getCPUMs))
        print("  errors \(result.errors), blocks \(result.blocks), chain verifies: \(result.anchorsVerified), blobs present \(result.blobsPresent)/\(result.records)")
    }
}
