import ABE
import ArgumentParser
import Foundation
import Vault
import VaultSupport

/// `vault inspect`: what a container holds, without a key.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a container's scheme, policy, LSSS rows and byte breakdown.",
        discussion: """
            The policy is shown as written, with comparisons and dates; --compiled shows the bit attributes it is encrypted under.
            Example:
              vault inspect note.json.abe --json
            """)

    @Argument(help: "The container (`-` reads standard input).")
    var file: String

    @Flag(help: "Print {\"scheme\", \"version\", \"policy\", \"rows\", \"bytes\": {\"header\", \"policy\", \"kem\", \"aead\", \"total\"}}.")
    var json = false

    @OptionGroup var display: PolicyDisplayOptions

    func run() throws {
        let inspection: ContainerInspection
        if Streams.isStandard(file) {
            inspection = try ContainerInspection(bytes: try Armor.unarmored(try Streams.read(file, what: "container")))
        } else {
            try Streams.checkInput(file, what: "container")
            inspection = try ContainerInspection(path: file)
        }
        // A version 1 container stores bit-level text; version 2 keeps the comparisons.
        let policy = display.compiled ? inspection.compiledPolicy
            : inspection.version == ContainerHeader.textPolicyVersion ? PolicyNode.readableText(ofCompiled: inspection.policy, catalog: try display.catalog())
            : inspection.policy
        if json { print(inspection.json(policy: policy)); return }
        print("scheme:     \(inspection.scheme)")
        print("format:     version \(inspection.version)\(inspection.version == ContainerHeader.textPolicyVersion ? " (policy stored as bit-level text)" : " (binary policy)")")
        print("policy:     \(DisplayText.escaped(policy))")
        if let written = inspection.writtenPolicy { print("as written: \(DisplayText.escaped(written))") }
        print("LSSS rows:  \(inspection.rows)")
        print("authority:  \(inspection.authorityFingerprint)")
        print("record:     \(inspection.recordBytes) bytes")
        let b = inspection.bytes
        print("bytes:      header \(b.header) + policy \(b.policy) + KEM \(b.kem) + sealed record \(b.aead) = \(b.total)")
    }
}
