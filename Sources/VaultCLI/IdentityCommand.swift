import ArgumentParser
import Foundation
import Vault

/// `vault identity new`.
struct IdentityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity", abstract: "Create a reader's own folder and identity.",
        subcommands: [IdentityNewCommand.self])
}

struct IdentityNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a folder with a fresh Ed25519 identity, pinned to a chain; an admin then adds it as a member.",
        discussion: "Example: vault identity new --member dr-alice --folder alice --chain-id <64 hex> --node http://127.0.0.1:7300")

    @Option(help: "The member id (letters, digits, . _ - : @).") var member: String
    @Option(help: "The folder to create.") var folder: String
    @Option(help: "The chain's genesis hash, as `vault setup` printed it.") var chainId: String
    @Option(help: "The node URL to remember.") var node: String?

    func run() throws {
        try reportingErrors {
            let identity = try NetworkSetup.createReader(at: folder, member: member, chainID: chainId, nodeURL: node)
            print(identity.publicKey.hex)
            FileHandle.standardError.write(Data("created \(folder) for \(member); an admin adds it with: vault member add --id \(member) --role clinician --public-key \(identity.publicKey.hex)\n".utf8))
        }
    }
}
