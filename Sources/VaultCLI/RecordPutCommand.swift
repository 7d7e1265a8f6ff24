import ABE
import ArgumentParser
import Foundation
import Vault
import VaultSupport

/// `vault record put`, as the provider.
struct RecordPutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Encrypt a record here under a policy, escrow its key to the provider, store it through the node and anchor it.",
        discussion: """
            Prints the record id. With --dir, one FILE<TAB>ID line per file, flushed as each is anchored; a file that \
            cannot be read is reported and skipped, and a summary ends the batch (exit 3 if any file was skipped). \
            Every batch is journalled in the provider's folder (batches/), so --resume after an interruption skips \
            the files already anchored (same name, same SHA-256) and stores none twice.
            Examples:
              vault record put --policy "role:cardiologist AND hospital:A" \\
                --in note.json --patient p-123
              vault record put --policy "role:nurse AND clearance >= 3" \\
                --dir ./scans --resume
              cat note.json | vault record put --policy "role:cardiologist" --in -
            """)

    @Option(help: "Who may read the record.")
    var policy: String

    @Option(name: .customLong("in"), help: "The record file (`-` reads standard input).")
    var input: String?

    @Option(help: "Put every file in this directory (one record each; hidden files and subdirectories are left out).")
    var dir: String?

    @Flag(help: "With --dir: skip the files this batch already anchored (by name and SHA-256).")
    var resume = false

    @Option(help: "Patient pseudonym; only a salted commitment to it reaches the chain.")
    var patient: String?

    @Flag(help: "Only keys still valid today can decrypt (adds valid_until >= today).")
    var requireValidKeys = false

    @Flag(help: "Encrypt under the tuner's smallest proven-equivalent policy; the policy as written is kept in the anchor.")
    var tune = false

    @Flag(help: "Print JSON: {record_id, height, bytes, rows} (with --dir: {records: [{file, record_id, height, already_anchored, skipped}], stored, already_anchored, skipped}).")
    var json = false

    @OptionGroup var policyOptions: PolicyOptionsGroup
    @OptionGroup var party: PartyOptions

    func validate() throws {
        guard (input == nil) != (dir == nil) else { throw ValidationError("give exactly one of --in FILE or --dir DIR") }
        if resume && dir == nil { throw ValidationError("--resume applies to --dir batches only") }
    }

    func run() throws {
        let options = try policyOptions.resolve()
        var text = policy
        if requireValidKeys { text = "(\(policy)) AND valid_until >= \(ISODate.today.description)" }
        var parsed = try Policy(parsing: text, options: options)
        if let input { try Streams.checkInput(input, what: "record") }
        if let dir { _ = try RecordBatch.files(in: dir) }
        try party.run(default: "provider") { folder, transport in
            let provider = try Provider(folder: folder, transport: transport)
            var written: String? = nil
            if tune {
                let outcome = PolicyTuning.tune(parsed, writtenText: text, scheme: provider.publicParameters.scheme, options: options,
                                                reuseBound: provider.publicParameters.reuseBound)
                parsed = outcome.policy
                written = outcome.writtenPolicy
                FileHandle.standardError.write(Data("tuned: \(outcome.rowsBefore) → \(outcome.rowsAfter) rows, \(outcome.bytesBefore) → \(outcome.bytesAfter) bytes per record\n".utf8))
            }
            if let input {
                let body = try Streams.read(input, what: "record")
                let receipt = try provider.put(body: body, policy: parsed, writtenPolicy: written, patient: patient)
                let id = receipt.recordId ?? ""
                if json {
                    try printJSON(SinglePut(recordId: id, height: receipt.height, bytes: body.count, rows: parsed.lsss().rowCount))
                } else {
                    print(id)
                    FileHandle.standardError.write(Data("stored \(body.count) bytes as \(id) (anchored at height \(receipt.height), \(parsed.lsss().rowCount) LSSS rows)\n".utf8))
                }
                return
            }
            let batch = RecordBatchPrinter(directory: dir!, provider: provider, journal: try BatchJournal(folder: folder, directory: dir!),
                                           resume: resume, json: json)
            try batch.run(policy: parsed, writtenPolicy: written, patient: patient)
        }
    }

    struct SinglePut: Encodable {
        let recordId: String
        let height: UInt64
        let bytes: Int
        let rows: Int
        enum CodingKeys: String, CodingKey { case recordId = "record_id", height, bytes, rows }
    }
}
