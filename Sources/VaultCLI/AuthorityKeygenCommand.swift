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
            As the vault's key authority (the master key stays in its folder), for a member, with KeyIssued anchored;
            then with a stand-alone authority from `vault authority setup`:
              vault authority keygen --holder dr-alice \\
                --attributes "role:cardiologist, hospital:A, clearance=3" \\
                --expires 2027-01-01 --out alice.key
              vault authority keygen --authority ./authority \\
                --attributes "role:nurse, hospital:A" --out bob.key
            """)

    @Option(help: "Directory holding public.key and master.key (default: the vault's own authority).")
    var authority: String?

    @Option(help: "The member id the key is issued to; only its signed requests may use it.")
    var holder: String?

    @Option(help: "The attributes, e.g. \"role:nurse, hospital:A, clearance=3\" (checked against the catalog).")
    var attributes: String

    @Option(help: "Last day the key is valid (YYYY-MM-DD); the key then holds valid_until=DATE.")
    var expires: String?

    @Option(help: "Where to write the key (mode 0600, never overwritten; `-` writes standard output, never a terminal).")
    var out: String

    @Flag(help: "Print JSON: {out, holder, attributes, authority, height} (on standard error when --out - carries the key).")
    var json = false

    @OptionGroup var policyOptions: PolicyOptionsGroup

    @OptionGroup var party: PartyOptions

    func run() throws {
        let options = try policyOptions.resolve()
        try Streams.checkOutput(out, what: "a key", secret: true)
        var text = attributes
        if let expires { text += ", valid_until=\(expires)" }
        let set = try AttributeSet(parsing: text, options: options)
        guard let authority else {
            guard let holder else { throw CommandFailure.usage("name the key's holder with --holder: the member id whose signed requests may use it") }
            let (certificate, receipt) = try party.run(default: "authority") { folder, transport in
                let authority = try Authority(folder: folder, transport: transport)
                guard Streams.isStandard(out) else {
                    return try authority.issue(holder: holder, attributes: set, validUntil: expires, output: out)
                }
                let (certificate, receipt, keyFile) = try authority.issueToStream(holder: holder, attributes: set, validUntil: expires)
                try Streams.write(keyFile, to: out, secret: true)
                return (certificate, receipt)
            }
            let line = json ? try jsonLine(["out": .string(out), "holder": .string(holder), "attributes": .string(certificate.attributes),
                                            "authority": .string(certificate.authority), "height": .int(receipt.height)] as JSONValue)
                : "issued \(Streams.name(out, output: true)) to \(holder) for \(certificate.attributes) (signed by \(certificate.authority); KeyIssued at height \(receipt.height))"
            Streams.status(line, dataOnStandardOutput: Streams.isStandard(out))
            return
        }
        let pp = try ABE.KeyFile.decodePublicParameters(try Streams.read(authority + "/public.key", what: "public key"))
        let ms = try ABE.KeyFile.decodeMasterSecret(try Streams.read(authority + "/master.key", what: "master key"), publicParameters: pp)
        let key = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: set,
                                         attributesText: set.description, validUntil: expires, holder: holder)
        try Streams.write(ABE.KeyFile.encode(key), to: out, secret: true)
        let toStandardOutput = Streams.isStandard(out)
        if json {
            return Streams.status(try jsonLine(["out": .string(out), "holder": .optional(holder), "attributes": .string(set.description),
                                                "authority": .string(pp.fingerprintHex), "height": .null] as JSONValue),
                                  dataOnStandardOutput: toStandardOutput)
        }
        Streams.status("issued \(Streams.name(out, output: true)) for \(set.description)", dataOnStandardOutput: toStandardOutput)
        Streams.status("  \(key.keyAttributes.count) attribute components, scheme \(pp.scheme), authority \(pp.fingerprintHex)",
                       dataOnStandardOutput: toStandardOutput)
    }
}
