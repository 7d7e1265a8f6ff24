import ArgumentParser
import Foundation
import Vault
import VaultSupport

/// `vault record get`, as a reader.
struct RecordGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Read a record through the node (the read is logged under your member id), check it against the chain, decrypt it here.",
        discussion: "Example: vault record get rec-1a2b3c --party ./alice --key ./alice/alice.key --out note.json")

    @Argument(help: "The record id.")
    var id: String

    @Option(help: "Your signed key file from `vault authority keygen`.")
    var key: String

    @Option(name: .customLong("out"), help: "Where to write the record (never overwritten).")
    var output: String

    @OptionGroup var party: PartyOptions

    func run() throws {
        try reportingErrors {
            guard !FileManager.default.fileExists(atPath: output) else { throw Console.fail("\(output) already exists; refusing to overwrite it") }
            // Refuse an output that cannot be written before the read is logged.
            do {
                let probe = try AtomicFile.makeTemporary(besides: output, secret: true)
                try? probe.handle.close()
                unlink(probe.path)
            } catch { throw Console.fail(String(describing: error)) }
            let keyFile = try Console.readFile(key, what: "key")
            try party.run(default: nil) { folder, transport in
                let (body, access) = try Reader(folder: folder, transport: transport).get(recordID: id, keyFile: keyFile, keyPath: key)
                do { try AtomicFile.write(body, to: output, secret: true) } catch { throw Console.fail(String(describing: error)) }
                print("wrote \(body.count) bytes of \(id) to \(output) (access logged at height \(access.height))")
            }
        }
    }
}
