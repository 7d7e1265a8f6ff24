import ArgumentParser
import Foundation
import Ledger
import Vault

struct IdentityNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a folder with a fresh Ed25519 identity, pinned to a chain; an admin then adds it as a member.",
        discussion: """
            Prints the new public key; an admin adds it with `vault member add`. Without --chain-id the folder is pinned to the embedded vault's chain.
            Examples:
              vault identity new --member dr-bob --folder bob
              vault identity new --member dr-erin --folder erin \\
                --node http://127.0.0.1:7300
            """)

    @Option(help: "The member id (letters, digits, . _ - : @).") var member: String
    @Option(help: "The folder to create.") var folder: String
    @Option(help: "The chain's genesis hash, as `vault init` printed it (default: the embedded vault's).") var chainId: String?
    @Option(help: "The node URL to remember.") var node: String?
    @Option(name: .customLong("data-dir"), help: "The embedded vault whose chain to pin when --chain-id is not given.") var dataDir: String?
    @Flag(help: "Print JSON: {member, folder, chain_id, public_key}.") var json = false

    func run() throws {
        let pinned = try chainId ?? {
            let root = DataDirectoryOption.nodeRoot(DataDirectory.resolve(option: dataDir).url.path)
            guard let data = FileManager.default.contents(atPath: root + "/node.json"),
                  let config = try? JSONDecoder().decode(NodeConfig.self, from: data) else {
                throw ValidationError("give --chain-id (the genesis hash `vault init` printed); there is no embedded vault at \(root)")
            }
            return config.chainId
        }()
        let identity = try NetworkSetup.createReader(at: folder, member: member, chainID: pinned, nodeURL: node)
        if json {
            return try printJSON(["member": .string(member), "folder": .string(folder), "chain_id": .string(pinned),
                                  "public_key": .string(identity.publicKey.hex)] as JSONValue)
        }
        print(identity.publicKey.hex)
        FileHandle.standardError.write(Data("created \(folder) for \(member); an admin adds it with: vault member add --id \(member) --role clinician --public-key \(identity.publicKey.hex)\n".utf8))
    }
}
