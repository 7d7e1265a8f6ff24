import ABE
import ArgumentParser
import Foundation
import Ledger
import Vault
import VaultSupport

struct AuthorityKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Issue a user key for a set of attributes (mode 0600).",
        discussion: """
            As the vault's key authority (the master key stays in its folder), for a member, with KeyIssued anchored:
              vault authority keygen --holder dr-alice --attributes "role:cardiologist, hospital:A, clearance=3" \
                --expires 2027-01-01 --out alice.key
            With a stand-alone authority from `vault authority setup`:
              vault authority keygen --authority ./authority --attributes "role:nurse, hospital:A" --out bob.key
            """)

    @Option(help: "Directory holding public.key and master.key (default: the vault's own authority).")
    var authority: String?

    @Option(help: "The member id the key is issued to; only its signed requests may use it.")
    var holder: String?

    @Option(help: "The attributes, e.g. \"role:nurse, hospital:A, clearance=3\" (checked against the catalog).")
    var attributes: String

    @Option(help: "Last day the key is valid (YYYY-MM-DD); the key then holds valid_until=DATE.")
    var expires: String?

    @Option(help: "Where to write the key (never overwritten).")
    var out: String

    @OptionGroup var policyOptions: PolicyOptionsGroup

    @OptionGroup var party: PartyOptions

    func run() throws {
        let options = try policyOptions.resolve()
        if FileManager.default.fileExists(atPath: out) { throw Console.fail("\(out) already exists; refusing to overwrite it") }
        var text = attributes
        if let expires { text += ", valid_until=\(expires)" }
        let set: AttributeSet
        do { set = try AttributeSet(parsing: text, options: options) } catch {
            throw Console.fail(error.description)
        }
        guard let authority else {
            guard let holder else { throw Console.fail("name the key's holder with --holder: the member id whose signed requests may use it", code: 2) }
            try reportingErrors {
                let (certificate, receipt) = try party.run(default: "authority") { folder, transport in
                    try Authority(folder: folder, transport: transport).issue(holder: holder, attributes: set, validUntil: expires, output: out)
                }
                print("issued \(out) to \(holder) for \(certificate.attributes) (signed by \(certificate.authority); KeyIssued at height \(receipt.height))")
            }
            return
        }
        let pp: PublicParameters, ms: MasterSecret
        do {
            pp = try ABE.KeyFile.decodePublicParameters(try Console.readFile(authority + "/public.key", what: "public key"))
            ms = try ABE.KeyFile.decodeMasterSecret(try Console.readFile(authority + "/master.key", what: "master key"), publicParameters: pp)
        } catch let error as ABEError { throw Console.fail(error.description) }
        do {
            let key = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: set,
                                             attributesText: set.description, validUntil: expires, holder: holder)
            try AtomicFile.write(ABE.KeyFile.encode(key), to: out, secret: true)
            print("issued \(out) for \(set.description)")
            print("  \(key.keyAttributes.count) attribute components, scheme \(pp.scheme), authority \(pp.fingerprintHex)")
        } catch let error as ABEError { throw Console.fail(error.description) } catch let error as AtomicFile.Error {
            throw Console.fail(error.description)
        }
    }
}
