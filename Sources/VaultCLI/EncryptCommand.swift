import ABE
import ArgumentParser
import Foundation
import Vault
import VaultSupport

/// `vault encrypt`: seal a record under a policy.
struct EncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt a record so that only keys satisfying the policy can read it.",
        discussion: """
            Examples:
              vault encrypt --public authority/public.key \\
                --policy "role:nurse AND hospital:A" --in note.json --out note.json.abe
              cat note.json | vault encrypt --public authority/public.key \\
                --policy "role:nurse AND clearance >= 3" --in - --out - > note.abe
            """)

    @Option(help: "The key authority's public.key.")
    var `public`: String

    @Option(help: "Who may read the record, e.g. \"role:cardiologist AND (hospital:A OR hospital:B)\".")
    var policy: String

    @Option(name: .customLong("in"), help: "The record to encrypt (streamed from a file; `-` reads standard input).")
    var input: String

    @Option(name: .customLong("out"), help: "The container to write (never overwritten; `-` writes standard output).")
    var output: String

    @Flag(help: "Only keys still valid today can decrypt (adds valid_until >= today to the policy).")
    var requireValidKeys = false

    @Flag(help: "Write the ASCII-armoured form, for copy and paste.")
    var armor = false

    @Flag(help: "Encrypt under the tuner's smallest proven-equivalent policy. The container keeps only that policy; without a chain the policy as written is recorded nowhere (its SHA-256 is printed). `vault record put --tune` puts it in the chain anchor.")
    var tune = false

    @Flag(help: "Print JSON: {out, record_bytes, container_bytes, scheme, rows} (on standard error with --out -).")
    var json = false

    @OptionGroup var policyOptions: PolicyOptionsGroup

    func run() throws {
        let options = try policyOptions.resolve()
        let toStandardOutput = Streams.isStandard(output)
        func report(_ line: String) { Streams.status(line, dataOnStandardOutput: toStandardOutput) }
        let pp = try KeyFile.decodePublicParameters(try Streams.read(`public`, what: "public key"))
        var text = policy
        if requireValidKeys { text = "(\(policy)) AND valid_until >= \(ISODate.today.description)" }
        var parsed = try Policy(parsing: text, options: options)
        try Streams.checkInput(input, what: "record")
        try Streams.checkOutput(output, what: "the container", secret: false)
        if tune {
            let outcome = PolicyTuning.tune(parsed, writtenText: text, scheme: pp.scheme, options: options, reuseBound: pp.reuseBound)
            parsed = outcome.policy
            report("tuned: \(outcome.rowsBefore) → \(outcome.rowsAfter) LSSS rows, \(outcome.bytesBefore) → \(outcome.bytesAfter) container bytes (proven equivalent)")
            if let written = outcome.writtenPolicy {
                report("the container keeps only the tuned policy; the policy as written is recorded nowhere (no chain): SHA-256 \(Hex.encode(Digest.sha256(Array(written.utf8))))")
            }
        }
        let rows = parsed.lsss().rowCount
        if armor || Streams.isStandard(input) || toStandardOutput {
            // Through memory: standard input has no length to stream against.
            let record = try Streams.read(input, what: "record")
            let container = try RecordContainer.seal(record, publicParameters: pp, policy: parsed)
            try Streams.write(armor ? Array(Armor.encode(container).utf8) : container, to: output, secret: false)
            try done(recordBytes: record.count, containerBytes: container.count)
        } else {
            let summary = try RecordContainer.seal(inputPath: input, outputPath: output, publicParameters: pp, policy: parsed)
            try done(recordBytes: summary.recordBytes, containerBytes: summary.containerBytes)
        }
        func done(recordBytes: Int, containerBytes: Int) throws {
            if json {
                return report(try jsonLine(["out": .string(output), "record_bytes": .int(recordBytes), "container_bytes": .int(containerBytes),
                                            "scheme": .string(pp.scheme.description), "rows": .int(rows)] as JSONValue))
            }
            report("encrypted \(recordBytes) bytes to \(Streams.name(output, output: true)) (\(containerBytes) bytes\(armor ? " before armour" : ""), \(pp.scheme), \(rows) LSSS rows)")
        }
    }
}
