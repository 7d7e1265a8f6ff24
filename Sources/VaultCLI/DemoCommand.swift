import ArgumentParser
import Foundation
import LedgerEtcd
import Logging
import Vault
import VaultClient
import VaultServer

/// `vault demo`: the story with the parties apart, through a real node.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Tell the vault's story end to end: a node on a loopback port, each party from its own folder; exits non-zero if any step misbehaves.",
        discussion: """
            With --cluster: two organisations' nodes on one chain whose blocks the etcd cluster of --etcd \
            (or $VAULT_ETCD) orders; a record anchored at Hospital A is read through Hospital B's node. \
            Start a cluster first with tools/etcd-cluster.sh start.
            Examples:
              vault demo --keep ./demo-folders
              vault demo --cluster \\
                --etcd http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793
            """)

    @Option(help: "Keep the demo's folders here (must not exist) instead of deleting them.")
    var keep: String?

    @Flag(help: "Run the two-organisation story on an etcd cluster instead.")
    var cluster = false

    @OptionGroup var etcd: EtcdOption

    func run() throws {
        let directory: URL
        if let keep {
            guard !FileManager.default.fileExists(atPath: keep) else { throw CommandFailure.refused("\(keep) already exists") }
            directory = URL(fileURLWithPath: keep)
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-demo-\(UUID().uuidString)")
        }
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }
        let started = Date()
        let ok = try cluster ? runWithCluster(root: directory.path) : runWithNode(root: directory.path)
        print(String(format: "(%.1f s; folders %@)", Date().timeIntervalSince(started), keep ?? "deleted"))
        if !ok { throw ExitCode.failure }
    }

    func runWithNode(root: String) throws -> Bool {
        var ok = false
        _ = try NetworkSetup.create(at: root, organisation: "Hospital A")
        let node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
        defer { node.close() }
        let port = PortBox()
        var logger = Logger(label: "vault.demo.node")
        logger.logLevel = .critical
        let server = Task {
            try await NodeServer.run(node: node, host: "127.0.0.1", port: 0, logger: logger) { port.set($0) }
        }
        guard let bound = port.wait(seconds: 20) else { throw CommandFailure.failed("the demo's node did not start") }
        print("(node hospitala-node listening on http://127.0.0.1:\(bound))\n")
        var demo = NodeDemo { print($0) }
        ok = demo.run(.init(root: root, transport: try HTTPTransport(url: "http://127.0.0.1:\(bound)"),
                            setToday: { day in node.today = day }))
        server.cancel()
        let stopped = DispatchSemaphore(value: 0)
        Task { _ = await server.result; stopped.signal() }
        stopped.wait()
        return ok
    }

    func runWithCluster(root: String) throws -> Bool {
        var ok = false
        guard let endpoints = try etcd.endpoints() else {
            throw ValidationError("--cluster needs an etcd cluster: --etcd URL[,URL…] or $VAULT_ETCD (tools/etcd-cluster.sh start runs one)")
        }
        let client = try EtcdClient(endpoints: endpoints)
        defer { client.shutdown() }
        let created = try ClusterSetup.create(at: root, organisations: ["Hospital A", "Hospital B"]) { EtcdOrderer(client: client, chainID: $0) }
        var nodes: [VaultNode] = []
        var servers: [Task<Void, Error>] = []
        defer { for node in nodes { node.close() } }
        var transports: [NodeTransport] = []
        var logger = Logger(label: "vault.demo.cluster")
        logger.logLevel = .critical
        for (name, folder) in created.organisations {
            let directory = NodeDirectory(root: folder + "/node")
            let orderer = try EtcdOption.orderer(endpoints: endpoints, chainID: created.chainID)
            _ = try ClusterSetup.join(node: directory, chainID: created.chainID, orderer: orderer, etcd: endpoints)
            let node = try VaultNode(directory: directory, orderer: orderer)
            node.peerTransport = { try HTTPTransport(url: $0) }
            nodes.append(node)
            let port = PortBox()
            servers.append(Task { try await NodeServer.run(node: node, host: "127.0.0.1", port: 0, logger: logger) { port.set($0) } })
            guard let bound = port.wait(seconds: 20) else { throw CommandFailure.failed("the demo's node for \(name) did not start") }
            try node.announce(address: "http://127.0.0.1:\(bound)")
            transports.append(try HTTPTransport(url: "http://127.0.0.1:\(bound)"))
            print("(\(name)'s node \(node.config.nodeMember) on http://127.0.0.1:\(bound), blocks ordered by etcd \(endpoints.joined(separator: ",")))")
        }
        print("")
        var demo = ClusterDemo { print($0) }
        ok = demo.run(.init(folders: created.organisations.map(\.folder), transports: transports))
        for server in servers { server.cancel() }
        return ok
    }

    final class PortBox: @unchecked Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        private var port: Int?
        func set(_ value: Int) { port = value; semaphore.signal() }
        func wait(seconds: Int) -> Int? { semaphore.wait(timeout: .now() + .seconds(seconds)) == .success ? port : nil }
    }
}
