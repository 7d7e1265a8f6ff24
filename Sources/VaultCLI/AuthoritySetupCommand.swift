import ABE
import ArgumentParser
import Foundation
import Ledger
import Vault
import VaultSupport

struct AuthoritySetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create a key authority: DIR/public.key and DIR/master.key (mode 0600).",
        discussion: """
            Examples:
              vault authority setup --out ./authority-2
              vault authority setup --scheme fame --reuse-bound 4 --out ./authority-fame
            """)

    @Option(help: "CP-ABE scheme: fabeo (smallest ciphertexts, fastest) or fame (standard assumptions).")
    var scheme: SchemeChoice = .fabeo

    @Option(help: "FAME only: how many rows of one policy may share an attribute (1–64, default \(KeyAuthority.defaultReuseBound)).")
    var reuseBound: Int?

    @Flag(help: "Print JSON: {scheme, fingerprint, public_key, master_key}.")
    var json = false

    func validate() throws {
        if let reuseBound {
            guard scheme == .fame else { throw ValidationError("--reuse-bound applies to FAME only; FABEO keys have no reuse bound") }
            guard (1...64).contains(reuseBound) else { throw ValidationError("--reuse-bound must be between 1 and 64") }
        }
    }

    @Option(help: "Directory for the two key files (created if missing; existing keys are never overwritten).")
    var out: String

    func run() throws {
        let id = scheme.id
        let publicPath = out + "/public.key", masterPath = out + "/master.key"
        for path in [publicPath, masterPath] where FileManager.default.fileExists(atPath: path) {
            throw CommandFailure.refused("\(path) already exists; refusing to overwrite a key authority")
        }
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw CommandFailure.refused("cannot create \(out): \(error.localizedDescription)")
        }
        let (pp, ms) = KeyAuthority.setup(scheme: id, reuseBound: reuseBound ?? KeyAuthority.defaultReuseBound)
        try AtomicFile.write(ABE.KeyFile.encode(ms, publicParameters: pp), to: masterPath, secret: true)
        try AtomicFile.write(ABE.KeyFile.encode(pp), to: publicPath)
        if json {
            return try printJSON(["scheme": .string(id.description), "fingerprint": .string(pp.fingerprintHex),
                                  "public_key": .string(publicPath), "master_key": .string(masterPath)] as JSONValue)
        }
        print("key authority (\(id)) created in \(out)")
        print("  public key:  \(publicPath)   fingerprint \(pp.fingerprintHex)")
        print("  master key:  \(masterPath)   (mode 0600; keep it offline)")
    }
}
