import Foundation
import VaultSupport

/// The JSON file that `vault chain init --members FILE` reads:
///
///     {
///       "chain_name": "st-mary-records",
///       "members": [
///         {"id": "admin-1", "organisation": "St Mary", "roles": ["admin", "validator"],
///          "public_key": "<64 hex digits, from vault chain keygen>"}
///       ]
///     }
///
/// Roles: admin, authority, provider, clinician, auditor, validator. At
/// least one admin and one validator are required. Membership changes after
/// genesis need a majority of the admins (the only governance rule so far).
public enum MembersFile {
    public struct Entry: Codable, Sendable, Equatable {
        public let id: String
        public let organisation: String
        public let roles: [String]
        public let publicKey: String

        enum CodingKeys: String, CodingKey {
            case id, organisation, roles
            case publicKey = "public_key"
        }

        public init(id: String, organisation: String, roles: [String], publicKey: String) {
            self.id = id
            self.organisation = organisation
            self.roles = roles
            self.publicKey = publicKey
        }

        public init(_ member: Member) {
            self.init(id: member.id, organisation: member.organisation,
                      roles: member.sortedRoles.map(\.name), publicKey: member.publicKey.hex)
        }

        /// The member this entry describes; errors name the entry.
        public func member() throws -> Member {
            var roleSet: Set<Role> = []
            for name in roles {
                guard let role = Role(name: name) else {
                    throw LedgerError.invalidInput("member '\(id)': unknown role '\(name)' (roles: \(Role.allCases.map(\.name).joined(separator: ", ")))")
                }
                roleSet.insert(role)
            }
            let key: PublicKey
            do {
                key = try PublicKey(hex: publicKey)
            } catch {
                throw LedgerError.invalidInput("member '\(id)': public_key is not a 32-byte Ed25519 key in hex")
            }
            return try Member(id: id, organisation: organisation, roles: roleSet, publicKey: key)
        }
    }

    public struct Document: Codable, Sendable {
        public let chainName: String
        public let members: [Entry]

        enum CodingKeys: String, CodingKey {
            case chainName = "chain_name", members
        }
    }

    /// Largest members file read: 512 KiB, room for `GenesisConfig.maxMembers`
    /// (1,000) members of the longest id, organisation and role list (about
    /// 380 bytes each). JSON decoding is what refusing a file costs (70 ms for
    /// 1.4 MiB here), so the limit is in bytes, checked before decoding.
    public static let maxBytes = 512 << 10

    /// Parses a members file into a genesis configuration dated `createdAt`
    /// with a fresh random salt.
    public static func genesis(fromJSON data: Data, createdAt: UInt64 = LedgerClock.nowMillis()) throws -> GenesisConfig {
        guard data.count <= maxBytes else {
            throw LedgerError.invalidInput("members file has \(data.count) bytes, more than the limit of \(maxBytes)")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw LedgerError.invalidInput("members file: missing field '\(key.stringValue)'")
        } catch {
            throw LedgerError.invalidInput("members file is not valid JSON of the documented shape")
        }
        guard document.members.count <= GenesisConfig.maxMembers else {
            throw LedgerError.invalidInput("members file lists \(document.members.count) members; a genesis lists at most \(GenesisConfig.maxMembers)")
        }
        return try GenesisConfig(chainName: document.chainName, createdAt: createdAt, salt: SecureRandom.bytes(16),
                                 members: document.members.map { try $0.member() })
    }
}
