import ABE
import Foundation
import VaultSupport

/// `vault record put --dir`: every file of a folder stored as one record,
/// journalled (`BatchJournal`) so that a rerun with `resume` stores none twice.
public struct RecordBatch {
    public enum Outcome: Equatable, Sendable {
        case stored(recordID: String, height: UInt64)
        /// Anchored by an earlier run of this batch.
        case alreadyAnchored(recordID: String)
        /// Not stored; the batch goes on with the next file.
        case skipped(reason: String)
    }

    public struct Summary: Equatable, Sendable {
        public var stored = 0
        public var alreadyAnchored = 0
        public var skipped = 0
    }

    public let directory: String
    public let provider: Provider
    public let journal: BatchJournal

    public init(directory: String, provider: Provider, journal: BatchJournal) {
        self.directory = directory
        self.provider = provider
        self.journal = journal
    }

    /// The folder's files in name order, without hidden files and subfolders.
    public static func files(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw VaultError.noDataDirectory(directory, missing: "not a folder")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return names.filter { !$0.hasPrefix(".") }.sorted().filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    /// Puts each file in `names`, calling `report` as each is settled.
    /// A file that cannot be read is skipped; a refusal by the node or the
    /// chain ends the batch (the journal keeps what was done).
    public func run(_ names: [String], policy: Policy, writtenPolicy: String?, patient: String?, resume: Bool,
                    report: (String, Outcome) throws -> Void) throws -> Summary {
        var summary = Summary()
        for name in names {
            let outcome = try put(name, policy: policy, writtenPolicy: writtenPolicy, patient: patient, resume: resume)
            switch outcome {
            case .stored: summary.stored += 1
            case .alreadyAnchored: summary.alreadyAnchored += 1
            case .skipped: summary.skipped += 1
            }
            try report(name, outcome)
        }
        return summary
    }

    private func put(_ name: String, policy: Policy, writtenPolicy: String?, patient: String?, resume: Bool) throws -> Outcome {
        let path = directory + "/" + name
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            return .skipped(reason: "cannot be read")
        }
        guard !data.isEmpty else { return .skipped(reason: "is empty") }
        let body = [UInt8](data)
        let sha = Hex.encode(Digest.sha256(body))
        var recordID = Provider.newRecordID()
        if resume {
            switch journal.state(name: name, sha256: sha) {
            case .done(let id)?:
                return .alreadyAnchored(recordID: id)
            case .pending(let id)?:
                // Killed between the put and its `done` line: the chain knows.
                if try provider.isAnchored(id) {
                    try journal.markDone(recordID: id, name: name, sha256: sha)
                    return .alreadyAnchored(recordID: id)
                }
                recordID = id
            case nil:
                break
            }
        }
        try journal.markPending(recordID: recordID, name: name, sha256: sha)
        let receipt = try provider.put(body: body, policy: policy, writtenPolicy: writtenPolicy, patient: patient, recordID: recordID)
        try journal.markDone(recordID: recordID, name: name, sha256: sha)
        return .stored(recordID: recordID, height: receipt.height)
    }
}
