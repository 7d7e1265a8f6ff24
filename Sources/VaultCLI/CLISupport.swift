import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite
import Vault

/// `--data-dir DIR`, else $VAULT_DATA_DIR, else ./.vault.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $VAULT_DATA_DIR, else ./.vault).")
    var path: String?

    /// The chain's directory: the embedded vault's node folder when the
    /// directory is a vault made by `vault init`, else the directory itself.
    var directory: DataDirectory {
        DataDirectory(url: URL(fileURLWithPath: Self.nodeRoot(DataDirectory.resolve(option: path).url.path)))
    }

    static func nodeRoot(_ root: String) -> String {
        FileManager.default.fileExists(atPath: root + "/node/node.json") ? root + "/node" : root
    }

    /// The chain, read-write; commands that only read it use `readChain()`.
    func openChain() throws -> Chain {
        try Chain.open(store: Chain.sqliteStore(in: directory))
    }

    /// The chain opened read-only (a read-only snapshot works; no file is left behind).
    func readChain() throws -> Chain {
        try Chain.open(store: Chain.readOnlySQLiteStore(in: directory))
    }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}

/// A file named on the command line (`-`: standard input), as Data.
func readFile(_ path: String, what: String) throws -> Data {
    Data(try Streams.read(path, what: what))
}

/// A proposal file named on the command line (`-`: standard input).
func readProposal(_ path: String) throws -> TransactionBody {
    Streams.isStandard(path) ? try ProposalFile.decode(Data(try Streams.read(path, what: "proposal")), name: "standard input")
        : try ProposalFile.read(path: path)
}

/// `--json` output: pretty-printed, keys sorted, on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// The same on one line, for a report that shares a stream with data.
func jsonLine<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func short(_ hex: String) -> String { String(hex.prefix(16)) }

extension VaultError {
    /// What to run next, in this command line's words.
    var hint: String? {
        switch self {
        case .noDataDirectory(_, let missing) where missing == "no party.json":
            "make party folders with `vault init` or `vault identity new`, or give --party DIR"
        case .noDataDirectory:
            "run `vault init` (or pass --data-dir / set VAULT_DATA_DIR), or give --party DIR"
        case .alreadyInitialized: "choose another --data-dir or --folder"
        case .unreachable: "check --node (or VAULT_NODE) and that `vault serve` runs there"
        default: nil
        }
    }
}
