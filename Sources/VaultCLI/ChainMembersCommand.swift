import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault
import VaultSupport

extension ChainCommand {
    struct Members: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "members", abstract: "List the chain's members, removed ones included.",
            discussion: """
                Example:
                  vault chain members --json
                """)

        @OptionGroup var dataDir: DataDirectoryOption
        @Flag(help: "Print JSON.") var json = false

        struct Row: Codable {
            let id: String, organisation: String, roles: [String], publicKey: String
            let addedAt: UInt64, removedAt: UInt64?
            enum CodingKeys: String, CodingKey {
                case id, organisation, roles
                case publicKey = "public_key", addedAt = "added_at", removedAt = "removed_at"
            }
        }

        func run() throws {
            let ledger = try dataDir.readChain()
            let rows = ledger.allMembers.map {
                Row(id: $0.member.id, organisation: $0.member.organisation, roles: $0.member.sortedRoles.map(\.name),
                    publicKey: $0.member.publicKey.hex, addedAt: $0.addedAt, removedAt: $0.removedAt)
            }
            if json { return try printJSON(rows) }
            for r in rows {
                let status = r.removedAt.map { "removed at height \($0)" } ?? "active"
                print("\(DisplayText.escaped(r.id))  \(DisplayText.escaped(r.organisation))  [\(r.roles.joined(separator: ","))]  added at height \(r.addedAt), \(status)  key \(short(r.publicKey))…")
            }
        }
    }
}
