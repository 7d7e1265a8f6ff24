import ArgumentParser
import Foundation
import Ledger
import Vault

/// `vault doctor`, on a node directory.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Verify a node's replica and find (with --repair remove) leftovers of interrupted writes.",
        discussion: """
            Exit status: 0 healthy or repaired; 5 when the replica fails verification, a record is damaged, or leftovers remain (run --repair).
            Example:
              vault doctor --data-dir ./.vault --repair
            """)

    @Option(name: .customLong("data-dir"), help: "The vault (its node/ folder) or a node directory (default: $VAULT_DATA_DIR, else ./.vault).")
    var dataDir: String?
    @Flag(help: "Remove blobs, escrows and metadata no anchor refers to, and temporary files.") var repair = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let node = try VaultNode(directory: NodeDirectory(root: DataDirectoryOption.nodeRoot(DataDirectory.resolve(option: dataDir).url.path)))
        defer { node.close() }
        let report = try node.doctor(repair: repair)
        if json { try printJSON(report) } else {
            print("chain: " + (report.chainProblem.map { "PROBLEM: \($0)" } ?? "verifies"))
            let verb = report.repaired ? "removed" : "found"
            for b in report.orphanedBlobs { print("\(verb) blob without an anchor: \(b)") }
            for e in report.orphanedEscrows { print("\(verb) escrow without an anchor: \(e)") }
            for m in report.orphanedMetadata { print("\(verb) metadata without a record: \(m)") }
            for t in report.temporaryFiles { print("\(verb) temporary file: \(t)") }
            for r in report.damagedRecords { print("record \(r): its anchored ciphertext or escrow is missing or altered (cannot be repaired)") }
        }
        let leftovers = report.orphanedBlobs.count + report.orphanedEscrows.count + report.orphanedMetadata.count + report.temporaryFiles.count
        if report.isHealthy { if !json { print("healthy") } } else if report.repaired && report.chainProblem == nil && report.damagedRecords.isEmpty {
            if !json { print("repaired \(leftovers) leftover(s)") }
        } else {
            if !report.repaired && leftovers > 0 && !json { print("run `vault doctor --repair` to remove the leftovers") }
            throw ExitCode(ExitStatus.integrityFailure.rawValue)
        }
    }
}
