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
        discussion: "Example: vault decrypt --key alice.key --in note.json.abe --out note.json")

    @Option(help: "The user key issued by `vault authority keygen`.")
    var key: String

    @Option(name: .customLong("in"), help: "The container (binary or armoured).")
    var input: String

    @Option(name: .customLong("out"), help: "Where to write the record (never overwritten; nothing is written on failure).")
    var output: String

    func run() throws {
        let userKey: UserSecretKey
        do { userKey = try KeyFile.decodeUserKey(try Console.readFile(key, what: "key")) } catch let e as ABEError {
            throw Console.fail(e.description)
        }
        if let validUntil = userKey.validUntil, validUntil < ISODate.today.description {
            throw Console.fail(ABEError.keyExpired(validUntil: validUntil).description)
        }
        guard FileManager.default.fileExists(atPath: input) else { throw Console.fail("input \(input) does not exist") }
        do {
            let summary = try RecordContainer.open(inputPath: input, outputPath: output, key: userKey)
            print("decrypted \(summary.recordBytes) bytes to \(output)")
        } catch { throw Console.fail(error.description) }
    }
}
