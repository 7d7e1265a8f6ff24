import ArgumentParser
import Foundation
import Vault

/// `vault demo`: the whole story in a fresh temporary data directory.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Tell the vault's story end to end with sample FHIR bundles; exits non-zero if any step misbehaves.")

    @Option(help: "Keep the demo's data directory here (must not exist) instead of deleting it.")
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
        var demo = VaultDemo { print($0) }
        let ok = demo.run(in: directory)
        print(String(format: "(%.1f s; data directory %@)", Date().timeIntervalSince(started), keep ?? "deleted"))
        if !ok { throw ExitCode.failure }
    }
}
