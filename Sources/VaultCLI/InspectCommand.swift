import ABE
import ArgumentParser
import Foundation
import Vault
import VaultSupport

/// `vault inspect`: what a container holds, without a key.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a container's scheme, policy, LSSS rows and byte breakdown.")

    @Argument(help: "The container.")
    var file: String

    @Flag(help: "Print {\"scheme\", \"version\", \"policy\", \"rows\", \"bytes\": {\"header\", \"policy\", \"kem\", \"aead\", \"total\"}}.")
    var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else { throw Console.fail("\(file) does not exist") }
        let inspection: ContainerInspection
        do { inspection = try ContainerInspection(path: file) } catch { throw Console.fail(error.description) }
        if json { print(inspection.json); return }
        print("scheme:     \(inspection.scheme)")
        print("format:     version \(inspection.version)\(inspection.version == ContainerHeader.textPolicyVersion ? " (policy stored as bit-level text)" : " (binary policy)")")
        print("policy:     \(DisplayText.escaped(inspection.policy))")
        if let written = inspection.writtenPolicy { print("as written: \(DisplayText.escaped(written))") }
        print("LSSS rows:  \(inspection.rows)")
        print("authority:  \(inspection.authorityFingerprint)")
        print("record:     \(inspection.recordBytes) bytes")
        let b = inspection.bytes
        print("bytes:      header \(b.header) + policy \(b.policy) + KEM \(b.kem) + sealed record \(b.aead) = \(b.total)")
    }
}
