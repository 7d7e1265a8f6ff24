import ArgumentParser
import Foundation
import Logging
import Vault
import VaultClient
import VaultServer

/// `vault demo`: the story with the parties apart, through a real node.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Tell the vault's story end to end: a node on a loopback port, each party from its own folder; exits non-zero if any step misbehaves.",
        discussion: "Example: vault demo --keep ./demo-folders")

    @Option(help: "Keep the demo's folders here (must not exist) instead of deleting them.")
    var keep: String?

    func run() throws {
        let directory: URL
        if let keep {
            guard !FileManager.default.fileExists(atPath: keep) else { throw Console.fail("\(keep) already exists") }
            directory = URL(fileURLWithPath: keep)
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-demo-\(UUID().uuidString)")
        }
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }
        let started = Date()
        let ok = try runWithNode(root: directory.path)
        print(String(format: "(%.1f s; folders %@)", Date().timeIntervalSince(started), keep ?? "deleted"))
        if !ok { throw ExitCode.failure }
    }

    func runWithNode(root: String) throws -> Bool {
        var ok = false
        try reportingErrors {
            _ = try NetworkSetup.create(at: root, organisation: "Hospital A")
            let node = try VaultNode(directory: NodeDirectory(root: root + "/node"))
            defer { node.close() }
            let port = PortBox()
            var logger = Logger(label: "vault.demo.node")
            logger.logLevel = .critical
            let server = Task {
                try await NodeServer.run(node: node, host: "127.0.0.1", port: 0, logger: logger) { port.set($0) }
            }
            guard let bound = port.wait(seconds: 20) else { throw Console.fail("the demo's node did not start") }
            print("(node hospitala-node listening on http://127.0.0.1:\(bound))\n")
            var demo = NodeDemo { print($0) }
            ok = demo.run(.init(root: root, transport: try HTTPTransport(url: "http://127.0.0.1:\(bound)"),
                                setToday: { day in node.today = day }))
            server.cancel()
            let stopped = DispatchSemaphore(value: 0)
            Task { _ = await server.result; stopped.signal() }
            stopped.wait()
        }
        return ok
    }

    final class PortBox: @unchecked Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        private var port: Int?
        func set(_ value: Int) { port = value; semaphore.signal() }
        func wait(seconds: Int) -> Int? { semaphore.wait(timeout: .now() + .seconds(seconds)) == .success ? port : nil }
    }
}
