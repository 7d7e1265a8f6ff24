import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propose",
            abstract: "Start a membership change (MemberAdded / MemberRemoved) for other admins to approve.",
            discussion: """
                Example:
                  vault chain propose --data-dir ./chain --key admin1.key \\
                    --payload add-member.json --out proposal.json
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Proposing admin's key file (this admin submits it later).") var key: String
        @Option(help: "Payload JSON file of type MemberAdded or MemberRemoved.") var payload: String
        @Option(help: "Where to write the proposal file (`-`: standard output).") var out: String
        @Flag(help: "Print JSON: {type, nonce, proposal}.") var json = false

        func run() throws {
            let identity = try KeyFile.read(path: key)
            let document = try PayloadDocument.decode(json: readFile(payload, what: "payload file"))
            let body = try dataDir.readChain().makeBody(document.payload(), by: identity.memberID)
            guard body.kind == .memberAdded || body.kind == .memberRemoved else {
                throw LedgerError.invalidInput("only MemberAdded and MemberRemoved need proposals; use `vault chain submit --payload`")
            }
            try Streams.checkOutput(out, what: "the proposal", secret: false)
            try Streams.write(try ProposalFile.encoded(body), to: out, secret: false)
            if Streams.isStandard(out) { return }
            if json { return try printJSON(["type": .string(body.kind.name), "nonce": .int(body.nonce), "proposal": .string(out)] as JSONValue) }
            print("wrote proposal (\(body.kind.name), nonce \(body.nonce)) to \(out); other admins approve it with `vault chain approve`")
        }
    }
}
