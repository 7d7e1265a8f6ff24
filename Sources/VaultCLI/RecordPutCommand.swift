import ABE
import ArgumentParser
import Foundation
import Vault

/// `vault record put`, as the provider.
struct RecordPutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Encrypt a record here under a policy, escrow its key to the provider, store it through the node and anchor it.",
        discussion: """
            Prints the record id (with --dir, one FILE<TAB>ID line per file as each is anchored).
            Example: vault record put --policy "role:cardiologist AND hospital:A" --in note.json --patient p-123
            """)

    @Option(help: "Who may read the record.")
    var policy: String

    @Option(name: .customLong("in"), help: "The record file.")
    var input: String?

    @Option(help: "Put every file in this directory (one record each).")
    var dir: String?

    @Option(help: "Patient pseudonym; only a salted commitment to it reaches the chain.")
    var patient: String?

    @Flag(help: "Only keys still valid today can decrypt (adds valid_until >= today).")
    var requireValidKeys = false

    @Flag(help: "Encrypt under the tuner's smallest proven-equivalent policy; the policy as written is kept in the container.")
    var tune = false

    @OptionGroup var policyOptions: PolicyOptionsGroup
    @OptionGroup var party: PartyOptions

    func validate() throws {
        guard (input == nil) != (dir == nil) else { throw ValidationError("give exactly one of --in FILE or --dir DIR") }
    }

    func run() throws {
        let options = try policyOptions.resolve()
        try reportingErrors {
            try party.run(default: "provider") { folder, transport in
                let provider = try Provider(folder: folder, transport: transport)
                var text = policy
                if requireValidKeys { text = "(\(policy)) AND valid_until >= \(ISODate.today.description)" }
                var parsed: Policy
                do { parsed = try Policy(parsing: text, options: options) } catch { throw Console.fail(String(describing: error)) }
                var written: String? = nil
                if tune {
                    let outcome = PolicyTuning.tune(parsed, writtenText: text, scheme: provider.publicParameters.scheme, options: options,
                                                    reuseBound: provider.publicParameters.reuseBound)
                    parsed = outcome.policy
                    written = outcome.writtenPolicy
                    FileHandle.standardError.write(Data("tuned: \(outcome.rowsBefore) → \(outcome.rowsAfter) rows, \(outcome.bytesBefore) → \(outcome.bytesAfter) bytes per record\n".utf8))
                }
                let files: [String]
                if let input {
                    files = [input]
                } else {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir!)) ?? []
                    files = names.filter { !$0.hasPrefix(".") }.sorted().map { dir! + "/" + $0 }
                        .filter { var isDir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue }
                    guard !files.isEmpty else { throw Console.fail("no files in \(dir!)") }
                }
                for file in files {
                    let body = try Console.readFile(file, what: "record")
                    let receipt = try provider.put(body: body, policy: parsed, writtenPolicy: written, patient: patient)
                    print(input != nil ? (receipt.recordId ?? "") : "\(file)\t\(receipt.recordId ?? "")")
                    fflush(nil)
                    if input != nil {
                        FileHandle.standardError.write(Data("stored \(body.count) bytes as \(receipt.recordId ?? "") (anchored at height \(receipt.height), \(parsed.lsss().rowCount) LSSS rows)\n".utf8))
                    }
                }
            }
        }
    }
}
