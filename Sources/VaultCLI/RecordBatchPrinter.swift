import ABE
import Foundation
import Vault
import VaultSupport

/// Runs a `record put --dir` batch and prints it: one `FILE<TAB>ID` line
/// per anchored file on standard output, flushed at once (a killed batch
/// loses no printed id), skipped files and the summary on standard error,
/// a progress bar only when standard error is a terminal.
struct RecordBatchPrinter {
    let directory: String
    let provider: Provider
    let journal: BatchJournal
    let resume: Bool
    let json: Bool

    struct Line: Encodable {
        let file: String
        let recordId: String?
        let height: UInt64?
        let alreadyAnchored: Bool
        let skipped: String?
        enum CodingKeys: String, CodingKey { case file, recordId = "record_id", height, alreadyAnchored = "already_anchored", skipped }
    }

    struct Report: Encodable {
        let records: [Line]
        let stored: Int
        let alreadyAnchored: Int
        let skipped: Int
        enum CodingKeys: String, CodingKey { case records, stored, alreadyAnchored = "already_anchored", skipped }
    }

    func run(policy: Policy, writtenPolicy: String?, patient: String?) throws {
        let names = try RecordBatch.files(in: directory)
        guard !names.isEmpty else { throw CommandFailure.refused("no files in \(Streams.name(directory))") }
        let batch = RecordBatch(directory: directory, provider: provider, journal: journal)
        let progress = isatty(STDERR_FILENO) == 1 && !json
        var lines: [Line] = []
        var done = 0
        let summary = try batch.run(names, policy: policy, writtenPolicy: writtenPolicy, patient: patient, resume: resume) { name, outcome in
            let file = directory + "/" + name
            done += 1
            if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            switch outcome {
            case .stored(let id, let height):
                lines.append(Line(file: file, recordId: id, height: height, alreadyAnchored: false, skipped: nil))
                if !json { print("\(DisplayText.escaped(file))\t\(id)"); fflush(nil) }
            case .alreadyAnchored(let id):
                lines.append(Line(file: file, recordId: id, height: nil, alreadyAnchored: true, skipped: nil))
                if !json { print("\(DisplayText.escaped(file))\t\(id)"); fflush(nil) }
            case .skipped(let reason):
                lines.append(Line(file: file, recordId: nil, height: nil, alreadyAnchored: false, skipped: reason))
                FileHandle.standardError.write(Data("skipped \(DisplayText.escaped(file)): \(reason)\n".utf8))
            }
            if progress { FileHandle.standardError.write(Data(Self.bar(done, of: names.count).utf8)) }
        }
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if json {
            try printJSON(Report(records: lines, stored: summary.stored, alreadyAnchored: summary.alreadyAnchored, skipped: summary.skipped))
        } else {
            FileHandle.standardError.write(Data("batch: \(summary.stored) stored, \(summary.alreadyAnchored) already anchored, \(summary.skipped) skipped (journal \(journal.path))\n".utf8))
        }
        if summary.skipped > 0 {
            throw CommandFailure.refused("\(summary.skipped) of \(names.count) files were skipped; fix them and run the batch again with --resume")
        }
    }

    static func bar(_ done: Int, of total: Int) -> String {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total)"
    }
}
