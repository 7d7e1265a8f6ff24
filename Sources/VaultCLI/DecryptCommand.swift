import ABE
import ArgumentParser
import Foundation
import Vault
import VaultSupport

/// `vault decrypt`: open a container with a user key.
struct DecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt a record with a user key whose attributes satisfy its policy.",
        discussion: """
            Examples:
              vault decrypt --key bob.key --in note.json.abe --out note.copy.json
              vault decrypt --key bob.key --in note.json.abe --out - | head -c 80
            """)

    @Option(help: "The user key issued by `vault authority keygen`.")
    var key: String

    @Option(name: .customLong("in"), help: "The container, binary or armoured (`-` reads standard input).")
    var input: String

    @Option(name: .customLong("out"), help: "Where to write the record (never overwritten; nothing is written on failure; `-` writes standard output once the whole record is authenticated).")
    var output: String

    @Flag(help: "Print JSON: {out, record_bytes} (on standard error with --out -).")
    var json = false

    func run() throws {
        let toStandardOutput = Streams.isStandard(output)
        let userKey = try KeyFile.decodeUserKey(try Streams.read(key, what: "key"))
        if let validUntil = userKey.validUntil, validUntil < ISODate.today.description {
            throw ABEError.keyExpired(validUntil: validUntil)
        }
        try Streams.checkInput(input, what: "container")
        try Streams.checkOutput(output, what: "the record", secret: false)
        do {
            if Streams.isStandard(input) || toStandardOutput {
                let container = try Armor.unarmored(try Streams.read(input, what: "container"))
                let record = try RecordContainer.open(container, key: userKey)
                try Streams.write(record, to: output, secret: false)
                try done(recordBytes: record.count)
            } else {
                try done(recordBytes: try RecordContainer.open(inputPath: input, outputPath: output, key: userKey).recordBytes)
            }
        } catch ContainerError.abe(.policyNotSatisfied(let needed)) {
            throw CommandFailure.denied(Self.denial(compiledPolicy: needed, held: Set(userKey.keyAttributes)))
        }
        func done(recordBytes: Int) throws {
            let line = json ? try jsonLine(["out": .string(output), "record_bytes": .int(recordBytes)] as JSONValue)
                : "decrypted \(recordBytes) bytes to \(Streams.name(output, output: true))"
            Streams.status(line, dataOnStandardOutput: toStandardOutput)
        }
    }

    /// "policy not satisfied", with the policy as written and what the nearest clause still needs.
    static func denial(compiledPolicy: String, held: Set<Attribute>) -> String {
        let catalog = PolicyOptions.standard.catalog
        let policy = PolicyNode.readableText(ofCompiled: compiledPolicy, catalog: catalog)
        return "policy not satisfied: this key's attributes do not satisfy \(DisplayText.escaped(policy))"
            + PolicyNode.nearestClauseNote(ofCompiled: compiledPolicy, held: held, catalog: catalog)
    }
}
