import Foundation

/// The vault's data directory: `--data-dir`, else `$VAULT_DATA_DIR`, else
/// `./.vault`. The chain lives in `chain.sqlite` inside it.
public struct DataDirectory: Sendable, Equatable {
    public let url: URL

    public static let environmentVariable = "VAULT_DATA_DIR"
    public static let defaultPath = ".vault"

    public init(url: URL) { self.url = url }

    /// Resolves the directory from an explicit option, then the environment.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DataDirectory {
        let path = option ?? environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
        return DataDirectory(url: URL(fileURLWithPath: path, isDirectory: true))
    }

    public var chainPath: String { url.appendingPathComponent("chain.sqlite").path }

    /// Creates the directory (owner-only access) if it does not exist.
    public func createIfMissing() throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw LedgerError.storage("cannot create the data directory \(url.path): \(error.localizedDescription)")
        }
    }
}
