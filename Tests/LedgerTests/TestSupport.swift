import VaultSupport
import Foundation
@testable import Ledger
@testable import LedgerSQLite

/// A small hospital consortium: three admins (one also the validator),
/// a provider, a key authority, a clinician and an auditor.
struct Consortium {
    let identities: [String: Identity]
    let genesis: GenesisConfig

    static let roles: [(String, String, Set<Role>)] = [
        ("admin-1", "St Mary", [.admin, .validator]),
        ("admin-2", "St Mary", [.admin]),
        ("admin-3", "City Lab", [.admin]),
        ("provider-1", "St Mary", [.provider]),
        ("authority-1", "St Mary", [.authority]),
        ("clinician-1", "City Lab", [.clinician]),
        ("auditor-1", "Regulator", [.auditor]),
    ]

    init(chainName: String = "test-chain") throws {
        var identities: [String: Identity] = [:]
        var members: [Member] = []
        for (id, org, roles) in Self.roles {
            let key = try SigningKey.generate()
            identities[id] = Identity(memberID: id, key: key)
            members.append(try Member(id: id, organisation: org, roles: roles, publicKey: key.publicKey))
        }
        self.identities = identities
        self.genesis = try GenesisConfig(chainName: chainName, createdAt: LedgerClock.nowMillis() - 60_000,
                                         salt: SecureRandom.bytes(16), members: members)
    }

    subscript(_ id: String) -> Identity {
        guard let identity = identities[id] else { fatalError("test consortium has no member \(id)") }
        return identity
    }

    var sealer: Identity { self["admin-1"] }
}

/// A fresh directory under the system temporary directory, removed on deinit.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var dataDirectory: DataDirectory { DataDirectory(url: url) }
    var chainPath: String { dataDirectory.chainPath }
}

func digest(_ text: String) -> Digest32 { SHA256.hash(Array(text.utf8)) }

func anchorPayload(_ recordID: String, policy: String = "role:cardiologist AND hospital:A") throws -> TransactionPayload {
    .recordAnchored(try RecordAnchored(
        recordID: recordID, ciphertextSHA256: digest("ciphertext of \(recordID)"), policy: policy,
        scheme: "FAME", lsssRows: 2, ciphertextBytes: 4096,
        patientCommitment: PatientCommitment.commit(pseudonym: "patient-\(recordID)", salt: [UInt8](repeating: 9, count: 32))))
}

func accessPayload(_ recordID: String, reader: String = "dr-house", outcome: AccessOutcome = .granted) throws -> TransactionPayload {
    .accessLogged(try AccessLogged(recordID: recordID, reader: reader, outcome: outcome))
}

/// A chain in a temporary SQLite file with the consortium's genesis block.
struct TestChain {
    let consortium: Consortium
    let directory: TemporaryDirectory
    let ledger: Chain

    init() throws {
        consortium = try Consortium()
        directory = try TemporaryDirectory()
        let store = try SQLiteLedgerStore(path: directory.chainPath, mode: .createIfMissing)
        ledger = try Chain.create(genesis: consortium.genesis, sealer: consortium.sealer, store: store)
    }

    /// Appends one block of `count` anchors by provider-1; returns the block.
    @discardableResult
    func appendAnchors(_ count: Int, prefix: String = "rec") throws -> Block {
        let base = ledger.height
        let payloads = try (0..<count).map { try anchorPayload("\(prefix)-\(base)-\($0)") }
        let signed = try ledger.makeTransactions(payloads, by: consortium["provider-1"])
        return try ledger.append(signed, sealedBy: consortium.sealer)
    }

    /// Opens a second, independent connection to the same file.
    func reopenStore() throws -> SQLiteLedgerStore {
        try SQLiteLedgerStore(path: directory.chainPath, mode: .existing)
    }
}

/// The `LedgerError` inside a thrown error, unwrapping submission refusals.
func ledgerError(_ body: () throws -> Void) -> LedgerError? {
    do {
        try body()
        return nil
    } catch let rejected as RejectedTransaction {
        return rejected.reason
    } catch let error as LedgerError {
        return error
    } catch {
        return .storage("unexpected error \(error)")
    }
}
