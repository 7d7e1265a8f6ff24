import Foundation
import Ledger

/// Where everything lives in a vault's data directory:
///
///     config.json            what `vault init` chose (JSON, below)
///     chain.sqlite           the permissioned chain
///     identities/*.key       the organisation's chain members (0600)
///     authority/public.key   the CP-ABE key authority
///     authority/master.key   (0600)
///     blobs/<sha256>         record ciphertexts, content-addressed
///     escrow/<record>.key    each record's data key sealed to the provider (0600)
///     records/<record>.json  off-chain record metadata (patient commitment salt)
struct DataLayout {
    let directory: DataDirectory
    var root: String { directory.url.path }
    var config: String { root + "/config.json" }
    var identities: String { root + "/identities" }
    func identity(_ member: String) -> String { identities + "/\(member).key" }
    var authority: String { root + "/authority" }
    var publicKey: String { authority + "/public.key" }
    var masterKey: String { authority + "/master.key" }
    var blobs: String { root + "/blobs" }
    func blob(_ sha256: String) -> String { blobs + "/" + sha256 }
    var escrow: String { root + "/escrow" }
    func escrow(_ record: String) -> String { escrow + "/\(record).key" }
    var records: String { root + "/records" }
    func record(_ id: String) -> String { records + "/\(id).json" }
}

/// config.json.
public struct VaultConfig: Codable, Sendable, Equatable {
    public var format = "record-vault-config/v1"
    public var organisation: String
    public var chainName: String
    public var scheme: String
    public var authorityFingerprint: String
    /// Chain member ids of the organisation's roles.
    public var admin: String
    public var authority: String
    public var provider: String
    public var auditor: String
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case format, organisation, scheme, admin, authority, provider, auditor
        case chainName = "chain_name", authorityFingerprint = "authority_fingerprint", createdAt = "created_at"
    }
}

/// Off-chain metadata of a record.
struct RecordMetadata: Codable, Equatable {
    var id: String
    /// Salt of the patient commitment anchored on the chain (hex), if a patient was named.
    var patientSalt: String?
    var createdAt: String

    enum CodingKeys: String, CodingKey { case id, patientSalt = "patient_salt", createdAt = "created_at" }
}
