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
            Example: vault encrypt --public authority/public.key \
            --policy "role:cardiologist AND hospital:A" --in note.json --out note.json.abe
            """)

    @Option(help: "The key authority's public.key.")
    var `public`: String

    @Option(help: "Who may read the record, e.g. \"role:cardiologist AND (hospital:A OR hospital:B)\".")
    var policy: String

    @Option(name: .customLong("in"), help: "The record to encrypt (any size; streamed).")
    var input: String

    @Option(name: .customLong("out"), help: "The container to write (never overwritten).")
    var output: String

    @Flag(help: "Only keys still valid today can decrypt (adds valid_until >= today to the policy).")
    var requireValidKeys = false

    @Flag(help: "Write the ASCII-armoured form, for copy and paste.")
    var armor = false

    @Flag(help: "Encrypt under the tuner's smallest proven-equivalent policy. The container keeps only that policy; without a chain the policy as written is recorded nowhere (its SHA-256 is printed). `vault record put --tune` puts it in the chain anchor.")
    var tune = false

    @OptionGroup var policyOptions: PolicyOptionsGroup

    func run() throws {
        let options = try policyOptions.resolve()
        let pp: PublicParameters
        do { pp = try KeyFile.decodePublicParameters(try Console.readFile(`public`, what: "public key")) } catch let e as ABEError {
            throw Console.fail(e.description)
        }
        var text = policy
        if requireValidKeys { text = "(\(policy)) AND valid_until >= \(ISODate.today.description)" }
        var parsed: Policy
        do { parsed = try Policy(parsing: text, options: options) } catch { throw Console.fail(error.description) }
        if tune {
            let outcome = PolicyTuning.tune(parsed, writtenText: text, scheme: pp.scheme, options: options, reuseBound: pp.reuseBound)
            parsed = outcome.policy
            print("tuned: \(outcome.rowsBefore) → \(outcome.rowsAfter) LSSS rows, \(outcome.bytesBefore) → \(outcome.bytesAfter) container bytes (proven equivalent)")
            if let written = outcome.writtenPolicy {
                print("the container keeps only the tuned policy; the policy as written is recorded nowhere (no chain): SHA-256 \(Hex.encode(Digest.sha256(Array(written.utf8))))")
            }
        }
        guard FileManager.default.fileExists(atPath: input) else { throw Console.fail("input \(input) does not exist") }
        guard !FileManager.default.fileExists(atPath: output) else { throw Console.fail("\(output) already exists; refusing to overwrite it") }
        do {
            if armor {
                let record = try Console.readFile(input, what: "input")
                let container = try RecordContainer.seal(record, publicParameters: pp, policy: parsed)
                try AtomicFile.write(Array(Armor.encode(container).utf8), to: output)
                print("encrypted \(record.count) bytes to \(output) (armoured, \(container.count) bytes before armour)")
            } else {
                let summary = try RecordContainer.seal(inputPath: input, outputPath: output, publicParameters: pp, policy: parsed)
                print("encrypted \(summary.recordBytes) bytes to \(output) (\(summary.containerBytes) bytes, \(pp.scheme), \(parsed.lsss().rowCount) LSSS rows)")
            }
        } catch let error as ContainerError { throw Console.fail(error.description) } catch let error as AtomicFile.Error {
            throw Console.fail(error.description)
        }
    }
}
