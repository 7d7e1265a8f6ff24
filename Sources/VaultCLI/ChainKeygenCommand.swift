import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Create a member identity: an Ed25519 secret key file (mode 0600) and its public key.",
            discussion: """
                Example:
                  vault chain keygen --id dr-alice --out dr-alice.key \\
                    --organisation "Hospital A" --roles clinician
                """)

        @Option(help: "Member id (letters, digits, . _ - : @).") var id: String
        @Option(help: "Where to write the secret key file (mode 0600; an existing file is never replaced; `-`: standard output, never a terminal).") var out: String
        @Option(help: "Organisation, to print a ready members-file entry.") var organisation: String?
        @Option(help: "Comma-separated roles for the members-file entry (admin, authority, provider, clinician, auditor, validator).")
        var roles: String?
        @Flag(help: "Print JSON: {id, key_file, public_key, members_entry?}.") var json = false

        func run() throws {
            try Streams.checkOutput(out, what: "a secret key", secret: true)
            let identity = try KeyFile.generate(memberID: id)
            try Streams.write(try KeyFile.encoded(identity), to: out, secret: true)
            if Streams.isStandard(out) {
                // The key went to standard output; the rest of the report goes to standard error.
                FileHandle.standardError.write(Data("public key: \(identity.publicKey.hex)\n".utf8))
                return
            }
            if json {
                var object: [String: JSONValue] = ["id": .string(id), "key_file": .string(out), "public_key": .string(identity.publicKey.hex)]
                if let organisation, let roles {
                    let entry = MembersFile.Entry(id: id, organisation: organisation,
                                                  roles: roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                                                  publicKey: identity.publicKey.hex)
                    _ = try entry.member()
                    object["members_entry"] = ["id": .string(id), "organisation": .string(organisation),
                                               "roles": .strings(entry.roles), "public_key": .string(identity.publicKey.hex)]
                }
                return try printJSON(JSONValue.object(object))
            }
            print("wrote secret key for '\(id)' to \(out) (mode 0600; keep it private)")
            print("public key: \(identity.publicKey.hex)")
            if let organisation, let roles {
                let entry = MembersFile.Entry(id: id, organisation: organisation,
                                              roles: roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                                              publicKey: identity.publicKey.hex)
                _ = try entry.member()
                print("members file entry:")
                try printJSON(entry)
            }
        }
    }
}
