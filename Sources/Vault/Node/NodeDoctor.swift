import Foundation
import Ledger

/// `vault doctor`: a node's replica and stores. Blobs and escrows are written
/// before their anchor, so a crash can leave files no anchor refers to; those
/// are removed with `repair`. Nothing is removed while the replica fails
/// verification: a deleted newest block would make its records' files look
/// unreferenced, and they are the evidence.
public struct DoctorReport: Codable, Sendable {
    /// nil when the replica verifies; else the height and reason.
    public var chainProblem: String?
    /// Blobs and escrows no current anchor refers to (removed when repairing).
    public var orphanedBlobs: [String] = []
    public var orphanedEscrows: [String] = []
    public var orphanedMetadata: [String] = []
    /// Records whose anchored blob or escrow is missing or altered.
    public var damagedRecords: [String] = []
    public var temporaryFiles: [String] = []
    public var repaired = false

    public var isHealthy: Bool {
        chainProblem == nil && orphanedBlobs.isEmpty && orphanedEscrows.isEmpty && orphanedMetadata.isEmpty
            && damagedRecords.isEmpty && temporaryFiles.isEmpty
    }

    enum CodingKeys: String, CodingKey {
        case repaired
        case chainProblem = "chain_problem", orphanedBlobs = "orphaned_blobs", orphanedEscrows = "orphaned_escrows"
        case orphanedMetadata = "orphaned_metadata", damagedRecords = "damaged_records", temporaryFiles = "temporary_files"
    }
}

extension VaultNode {
    public func doctor(repair: Bool) throws -> DoctorReport {
        var report = DoctorReport()
        let verification = chain.verify(checkViews: true)
        if let failure = verification.failure {
            report.chainProblem = "the replica fails verification at height \(failure.height): \(failure.reason.description)"
        } else if let problem = writeProblem {
            report.chainProblem = problem
        } else if let view = verification.viewProblem {
            report.chainProblem = view + " (run `vault chain reindex`)"
        }
        let summaries = try RecordListing.summaries(chain)
        let live = summaries.filter { $0.erasedAt == nil }
        let anchored = Set(live.map(\.sha256))
        let known = Set(summaries.map(\.id))
        report.orphanedBlobs = try blobs.names().filter { !$0.contains(".tmp-") && !anchored.contains($0) }
        report.orphanedEscrows = try escrows.names().filter { !$0.contains(".tmp-") && !anchored.contains($0) }
        report.orphanedMetadata = try records.names().filter { !$0.contains(".tmp-") && !known.contains($0) }
        for record in live {
            guard let blob = try blobs.read(record.sha256), SHA256.hash(blob).hex == record.sha256,
                  try escrows.read(record.sha256) != nil else {
                report.damagedRecords.append(record.id)
                continue
            }
        }
        for folder in [directory.blobs, directory.escrow, directory.records, directory.root] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") && name.contains(".tmp-") {
                report.temporaryFiles.append(folder + "/" + name)
            }
        }
        if repair {
            guard report.chainProblem == nil else {
                throw VaultError.repairRefused("\(report.chainProblem!); files that look unreferenced may belong to the missing blocks")
            }
            for name in report.orphanedBlobs { try blobs.delete(name) }
            for name in report.orphanedEscrows { try escrows.delete(name) }
            for name in report.orphanedMetadata { try records.delete(name) }
            for path in report.temporaryFiles { unlink(path) }
            report.repaired = true
        }
        return report
    }
}
