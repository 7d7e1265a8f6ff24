import ArgumentParser
import Foundation
import Logging
import Vault
import VaultClient
import VaultServer

/// `vault serve`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run an organisation's node: the chain replica and blob store behind the signed HTTP API.",
        discussion: """
            The node holds no user key, master key, data key or plaintext. SIGTERM or SIGINT stops it \
            gracefully: in-flight requests finish and accepted submissions are sealed.
            With --tls-cert and --tls-key the node speaks HTTPS, HTTP/2 and HTTP/1.1 chosen by ALPN; \
            without them, plain HTTP/1.1, on a loopback address only unless --insecure is given.
            With --etcd (or a node that joined a cluster) blocks are ordered by the etcd cluster and the node \
            follows the other organisations' blocks, judging each before applying it (docs/CLUSTER.md).
            Examples:
              vault serve --data-dir demo/node --listen 127.0.0.1:7300
              vault serve --data-dir demo/node --listen 0.0.0.0:7300 \\
                --tls-cert node.crt --tls-key node.key
            """)

    @Option(name: .customLong("data-dir"), help: "The node directory made by `vault init` (its node/ folder).")
    var dataDir: String

    @Option(help: "HOST:PORT to listen on; port 0 picks a free one (printed).")
    var listen = "127.0.0.1:7300"

    @Option(name: .customLong("tls-cert"), help: "PEM file of the node's TLS certificate chain (with --tls-key).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM file of the node's TLS private key (with --tls-cert).")
    var tlsKey: String?

    @Option(name: .customLong("blob-store"), help: ArgumentHelp(BlobStoreOption.help))
    var blobStore: String?

    @Flag(help: "Listen on a non-loopback address without TLS.")
    var insecure = false

    @OptionGroup var etcd: EtcdOption

    @Option(help: "With a cluster: the URL other organisations' nodes reach this node at, set on the chain (default: the address it listens on).")
    var advertise: String?

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    func run() throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7300")
        }
        let host = String(listen[..<colon])
        let loopback = host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.")
        let tls = tlsCert.map { NodeServer.TLSFiles(certificateChain: $0, privateKey: tlsKey ?? "") }
        guard loopback || insecure || tls != nil else {
            throw CommandFailure.usage("refusing to serve \(host) without TLS: the API carries signed requests and ciphertexts; give --tls-cert and --tls-key, listen on 127.0.0.1, or pass --insecure")
        }
        let scheme = tls == nil ? "http" : "https"
        let directory = NodeDirectory(root: dataDir)
        let config = try directory.readConfig()
        let endpoints = try etcd.endpoints(fallback: config.etcd)
        let orderer = try endpoints.map { try EtcdOption.orderer(endpoints: $0, chainID: config.chainId) }
        defer { orderer?.client.shutdown() }
        let database = try BlobStoreOption.open(BlobStoreOption.resolve(blobStore))
        defer { database?.close() }
        let node = try VaultNode(directory: directory, orderer: orderer, clusterEndpoints: endpoints, stores: database?.nodeStores())
        defer { node.close() }
        // Blobs anchored through another organisation's node are fetched from it.
        node.peerTransport = { try HTTPTransport(url: $0) }
        let ordering = endpoints.map { " (blocks ordered by etcd \($0.joined(separator: ",")))" } ?? ""
        if let problem = node.writeProblem { warn("serving read-only: \(problem)") }
        var logger = Logger(label: "vault.node")
        logger.logLevel = ProcessInfo.processInfo.environment["VAULT_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .notice
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await NodeServer.run(node: node, host: host, port: port, tls: tls, logger: logger) { bound in
                    print("node \(node.config.nodeMember) serving chain \(node.config.chainId.prefix(16))… on \(scheme)://\(host):\(bound)\(ordering)")
                    fflush(nil)
                    if node.ordersOnCluster {
                        let address = advertise ?? "\(scheme)://\(host):\(bound)"
                        Thread.detachNewThread {
                            do { try node.announce(address: address) } catch {
                                warn("cannot set this node's address \(address) on the chain: \(error)")
                            }
                        }
                    }
                }
            } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }

    final class FailureBox: @unchecked Sendable { var error: Error? }
}
