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
        discussion: "Example: vault authority setup --scheme fabeo --out ./authority")

    @Option(help: "CP-ABE scheme: fabeo (default; smallest ciphertexts, fastest) or fame (standard assumptions).")
    var scheme: String = "fabeo"

    @Option(help: "FAME only: how many rows of one policy may share an attribute.")
    var reuseBound: Int = KeyAuthority.defaultReuseBound

    @Option(help: "Directory for the two key files (created if missing; existing keys are never overwritten).")
    var out: String

    func run() throws {
        guard let id = SchemeID(name: scheme) else { throw Console.fail("unknown scheme \(scheme); choose fabeo or fame", code: 2) }
        guard (1...64).contains(reuseBound) else { throw Console.fail("--reuse-bound must be between 1 and 64", code: 2) }
        let publicPath = out + "/public.key", masterPath = out + "/master.key"
        for path in [publicPath, masterPath] where FileManager.default.fileExists(atPath: path) {
            throw Console.fail("\(path) already exists; refusing to overwrite a key authority")
        }
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw Console.fail("cannot create \(out): \(error.localizedDescription)")
        }
        let (pp, ms) = KeyAuthority.setup(scheme: id, reuseBound: reuseBound)
        do {
            try AtomicFile.write(ABE.KeyFile.encode(ms, publicParameters: pp), to: masterPath, secret: true)
            try AtomicFile.write(ABE.KeyFile.encode(pp), to: publicPath)
        } catch { throw Console.fail(error.description) }
        print("key authority (\(id)) created in \(out)")
        print("  public key:  \(publicPath)   fingerprint \(pp.fingerprintHex)")
        print("  master key:  \(masterPath)   (mode 0600; keep it offline)")
    }
}
