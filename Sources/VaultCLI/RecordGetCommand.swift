import ArgumentParser
import Foundation
import Vault
import VaultSupport

/// `vault record get`, as a reader.
struct RecordGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Read a record through the node (the read is logged under your member id), check it against the chain, decrypt it here.",
        discussion: """
            Example (a record put for the reader, then read to a file and to a pipe):
              id=$(vault record put --policy "role:nurse AND hospital:A" --in note.json)
              vault record get "$id" --party alice --key alice/alice.key --out note.out
              vault record get "$id" --party alice --key alice/alice.key --out - | wc -c
            """)

    @Argument(help: "The record id.")
    var id: String

    @Option(help: "Your signed key file from `vault authority keygen`.")
    var key: String

    @Option(name: .customLong("out"), help: "Where to write the record (never overwritten; `-` writes standard output).")
    var output: String

    @Flag(help: "Print JSON: {record_id, bytes, out, access_height} (on standard error when --out - carries the record).") var json = false

    @OptionGroup var party: PartyOptions

    func run() throws {
        // Refuse an output that cannot be written before the read is logged.
        try Streams.checkOutput(output, what: "the record", secret: false)
        let keyFile = try Streams.read(key, what: "key")
        try party.run(default: nil) { folder, transport in
            let (body, access) = try Reader(folder: folder, transport: transport).get(recordID: id, keyFile: keyFile, keyPath: key)
            try Streams.write(body, to: output, secret: true)
            let line = json ? try jsonLine(["record_id": .string(id), "bytes": .int(body.count), "out": .string(output),
                                            "access_height": .int(access.height)] as JSONValue)
                : "wrote \(body.count) bytes of \(id) to \(Streams.name(output, output: true)) (access logged at height \(access.height))"
            Streams.status(line, dataOnStandardOutput: Streams.isStandard(output))
        }
    }
}
