import ArgumentParser
import Foundation
import Vault
import VaultClient

/// `--party DIR` (else $VAULT_PARTY) and `--node URL` (else $VAULT_NODE, else
/// the folder's party.json): who acts, and through which node. Given, the
/// command runs as that party against the node; otherwise it runs on the
/// embedded one-directory vault of `vault init`.
struct PartyOptions: ParsableArguments {
    @Option(help: "The acting party's folder (identity and its own secrets; default: $VAULT_PARTY).")
    var party: String?

    @Option(help: "The node's URL, e.g. http://127.0.0.1:7300 (default: $VAULT_NODE, else the party folder's node).")
    var node: String?

    var folderPath: String? { party ?? ProcessInfo.processInfo.environment["VAULT_PARTY"] }
    var isSet: Bool { folderPath != nil }

    func folder() throws -> PartyFolder {
        guard let path = folderPath else { throw ValidationError("give --party DIR (or set VAULT_PARTY)") }
        return try PartyFolder(root: path)
    }

    func transport(for folder: PartyFolder) throws -> NodeTransport {
        guard let url = node ?? ProcessInfo.processInfo.environment["VAULT_NODE"] ?? folder.config.node else {
            throw VaultError.malformed("no node to talk to: give --node URL, set VAULT_NODE, or name one in \(folder.root)/party.json")
        }
        return try HTTPTransport(url: url)
    }
}
