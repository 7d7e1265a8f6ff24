import BlobStorePostgres
import Foundation
import Vault

/// `--blob-store` of `vault serve` and `vault bench node`: where a node keeps
/// record blobs, escrows and record metadata. `files` (the default) is the
/// node directory's folders; a `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`
/// URL puts all three in one PostgreSQL table, which several node processes
/// of one organisation can share.
enum BlobStoreOption {
    static let help = "files (default) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE: where the node keeps blobs, escrows and record metadata (also VAULT_BLOB_STORE)."

    /// The option's value, else VAULT_BLOB_STORE's, else files.
    static func resolve(_ option: String?) -> String {
        let value = option ?? ProcessInfo.processInfo.environment["VAULT_BLOB_STORE"] ?? ""
        return value.isEmpty ? "files" : value
    }

    /// nil for files; else the opened database (the caller closes it after the node).
    static func open(_ choice: String, table: String = "vault_blobs") throws -> PostgresBlobDatabase? {
        if choice == "files" { return nil }
        guard choice.hasPrefix("postgres://") || choice.hasPrefix("postgresql://") else {
            throw VaultError.malformed("--blob-store (or VAULT_BLOB_STORE) is `files` or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        return try PostgresBlobDatabase(url: choice, table: table)
    }
}
