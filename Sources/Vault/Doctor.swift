import ABE
import Foundation
import Ledger

/// `vault doctor`: finds what a crash or a hand edit left behind and repairs
/// what can be repaired. A record's files are written before its anchor, so a
/// crash can leave blobs, escrowed keys or metadata that no anchor refers to;
/// those are removed. An anchor whose blob is missing cannot be repaired and
/// is reported. The chain itself is verified from genesis.
public struct DoctorReport: Sendable {
    public var chainValid: Bool
    public var chainProblem: String?
    /// Files no current anchor refers to (removed when repairing).
    public var orphanedBlobs: [String] = []
    public var orphanedEscrows: [String] = []
    public var orphanedMetadata: [String] = []
    /// Records whose anchored blob is missing or altered.
    public var damagedRecords: [String] = []
    public var repaired = false

    public var isHealthy: Bool {
        chainValid && orphanedBlobs.isEmpty && orphanedEscrows.isEmpty && orphanedMetadata.isEmpty && damagedRecords.isEmpty
    }
}

extension RecordVault {
    public func doctor(repair: Bool) throws -> DoctorReport {
        let verification = chain.verify()
        var report = DoctorReport(chainValid: verification.isValid && verification.viewProblem == nil,
                                  chainProblem: verification.failure.map { "\($0)" } ?? verification.viewProblem)
        let records = try list()
        let live = records.filter { $0.erasedAt == nil }
        let anchoredBlobs = Set(live.map(\.sha256))
        let liveIDs = Set(live.map(\.id))
        let knownIDs = Set(records.map(\.id))
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: layout.blobs)) ?? [] where !name.hasPrefix(".") {
            if !anchoredBlobs.contains(name) { report.orphanedBlobs.append(name) }
        }
        for name in (try? fm.contentsOfDirectory(atPath: layout.escrow)) ?? [] where name.hasSuffix(".key") {
            if !liveIDs.contains(String(name.dropLast(4))) { report.orphanedEscrows.append(name) }
        }
        for name in (try? fm.contentsOfDirectory(atPath: layout.records)) ?? [] where name.hasSuffix(".json") {
            if !knownIDs.contains(String(name.dropLast(5))) { report.orphanedMetadata.append(name) }
        }
        for record in live {
            guard let data = fm.contents(atPath: layout.blob(record.sha256)), SHA256.hash([UInt8](data)).hex == record.sha256 else {
                report.damagedRecords.append(record.id); continue
            }
        }
        // Temporary files of interrupted atomic writes.
        var leftovers = [String]()
        for folder in [layout.blobs, layout.escrow, layout.records, layout.identities, layout.authority] {
            for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") && name.contains(".tmp-") {
                leftovers.append(folder + "/" + name)
            }
        }
        report.orphanedBlobs.sort(); report.orphanedEscrows.sort(); report.orphanedMetadata.sort()
        if repair {
            for name in report.orphanedBlobs { unlink(layout.blob(name)) }
            for name in report.orphanedEscrows { unlink(layout.escrow + "/" + name) }
            for name in report.orphanedMetadata { unlink(layout.records + "/" + name) }
            for path in leftovers { unlink(path) }
            report.repaired = true
        }
        return report
    }
}
