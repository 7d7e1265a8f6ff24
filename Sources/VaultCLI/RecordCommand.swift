import ABE
import ArgumentParser
import Foundation
import Ledger
import Vault
import VaultSupport

/// `vault init`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a vault: data directory, chain genesis, identities, key authority, blob store.",
        discussion: "Example: vault init --data-dir ./.vault --organisation \"Hospital A\"")

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "The organisation whose members (admin, authority, provider, auditor) the chain starts with.")
    var organisation = "Hospital A"

    @Option(help: "CP-ABE scheme of the key authority: fabeo or fame.")
    var scheme = "fabeo"

    func run() throws {
        guard let id = SchemeID(name: scheme) else { throw Console.fail("unknown scheme \(scheme); choose fabeo or fame", code: 2) }
        try reportingErrors {
            let vault = try RecordVault.initialize(at: dataDirectory.directory, organisation: organisation, scheme: id)
            let c = vault.config
            print("initialised a vault in \(vault.dataDirectory)")
            print("  chain \(c.chainName): members \(c.admin) (admin, validator), \(c.authority), \(c.provider), \(c.auditor)")
            print("  key authority: \(c.scheme), fingerprint \(c.authorityFingerprint)")
            print("next: vault authority keygen --holder NAME --attributes \"…\" --out NAME.key")
        }
    }
}

/// `vault record …`.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Put records into the vault, get them back, list, show and erase them.",
        subcommands: [RecordPutCommand.self, RecordGetCommand.self, RecordListCommand.self,
                      RecordShowCommand.self, RecordEraseCommand.self])
}

struct RecordPutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Encrypt a record under a policy, store it and anchor its hash on the chain.",
        discussion: "Example: vault record put --policy \"role:cardiologist AND hospital:A\" --in note.json --patient p-123")

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "Who may read the record.")
    var policy: String

    @Option(name: .customLong("in"), help: "The record file.")
    var input: String?

    @Option(help: "Put every file in this directory (one record each), with a progress bar.")
    var dir: String?

    @Option(help: "Patient pseudonym; only a salted commitment to it reaches the chain.")
    var patient: String?

    @Flag(help: "Only keys still valid today can decrypt (adds valid_until >= today).")
    var requireValidKeys = false

    @Flag(help: "Encrypt under the tuner's smallest proven-equivalent policy; the policy as written is kept in the container.")
    var tune = false

    @OptionGroup var policyOptions: PolicyOptionsGroup

    @OptionGroup var party: PartyOptions

    func validate() throws {
        guard (input == nil) != (dir == nil) else { throw ValidationError("give exactly one of --in FILE or --dir DIR") }
    }

    func run() throws {
        let options = try policyOptions.resolve()
        try reportingErrors {
            if party.isSet { return try runAsProvider(options) }
            let vault = try RecordVault(directory: dataDirectory.directory)
            var text = policy
            if requireValidKeys { text = "(\(policy)) AND valid_until >= \(vault.today.description)" }
            var parsed: Policy
            do { parsed = try Policy(parsing: text, options: options) } catch { throw Console.fail(String(describing: error)) }
            var written: String? = nil
            if tune {
                let outcome = PolicyTuning.tune(parsed, writtenText: text, scheme: vault.publicParameters.scheme, options: options,
                                                reuseBound: vault.publicParameters.reuseBound)
                parsed = outcome.policy
                written = outcome.writtenPolicy
                FileHandle.standardError.write(Data("tuned: \(outcome.rowsBefore) → \(outcome.rowsAfter) rows, \(outcome.bytesBefore) → \(outcome.bytesAfter) bytes per record\n".utf8))
            }
            let files: [String]
            if let input {
                files = [input]
            } else {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir!)) ?? []
                files = names.filter { !$0.hasPrefix(".") }.sorted().map { dir! + "/" + $0 }
                    .filter { var isDir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue }
                guard !files.isEmpty else { throw Console.fail("no files in \(dir!)") }
            }
            let progress = files.count > 1 ? ProgressBar(total: files.count) : nil
            for file in files {
                let body = try Console.readFile(file, what: "record")
                let stored = try vault.put(body: body, policy: parsed, writtenPolicy: written, patient: patient)
                if let progress { progress.advance(label: stored.recordID) } else {
                    print(stored.recordID)
                    FileHandle.standardError.write(Data("stored \(body.count) bytes as \(stored.recordID) (\(stored.blobBytes)-byte blob, \(stored.rows) LSSS rows, SHA-256 \(stored.sha256.prefix(16))…)\n".utf8))
                }
            }
            progress?.finish()
        }
    }

    /// As the provider party, through its node: encrypted here, escrowed to
    /// the provider's own key, anchored with the provider's signature.
    func runAsProvider(_ options: PolicyOptions) throws {
        let folder = try party.folder()
        let provider = try Provider(folder: folder, transport: try party.transport(for: folder))
        var text = policy
        if requireValidKeys { text = "(\(policy)) AND valid_until >= \(ISODate.today.description)" }
        var parsed: Policy
        do { parsed = try Policy(parsing: text, options: options) } catch { throw Console.fail(String(describing: error)) }
        var written: String? = nil
        if tune {
            let outcome = PolicyTuning.tune(parsed, writtenText: text, scheme: provider.publicParameters.scheme, options: options,
                                            reuseBound: provider.publicParameters.reuseBound)
            parsed = outcome.policy
            written = outcome.writtenPolicy
        }
        let files: [String]
        if let input { files = [input] } else {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir!)) ?? []
            files = names.filter { !$0.hasPrefix(".") }.sorted().map { dir! + "/" + $0 }
            guard !files.isEmpty else { throw Console.fail("no files in \(dir!)") }
        }
        for file in files {
            let body = try Console.readFile(file, what: "record")
            let receipt = try provider.put(body: body, policy: parsed, writtenPolicy: written, patient: patient)
            print(files.count > 1 ? "\(file)\t\(receipt.recordId ?? "")" : receipt.recordId ?? "")
            fflush(nil)
        }
    }
}

struct RecordGetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Fetch a record, check its hash against the chain, decrypt it and log the access.",
        discussion: "Example: vault record get rec-1a2b3c --key alice.key --out note.json")

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "The record id.")
    var id: String

    @Option(help: "A user key from `vault authority keygen`.")
    var key: String

    @Option(name: .customLong("out"), help: "Where to write the record (never overwritten).")
    var output: String

    @Option(help: "Name to log as reader (default: the key's holder; embedded vault only).")
    var reader: String?

    @OptionGroup var party: PartyOptions

    func run() throws {
        try reportingErrors {
            if party.isSet {
                guard !FileManager.default.fileExists(atPath: output) else { throw Console.fail("\(output) already exists; refusing to overwrite it") }
                guard reader == nil else { throw ValidationError("--reader does not apply with --party: the log names whoever signed the request") }
                // Refuse an unwritable output before the read is logged.
                do {
                    let probe = try AtomicFile.makeTemporary(besides: output, secret: true)
                    try? probe.handle.close()
                    unlink(probe.path)
                } catch { throw Console.fail(String(describing: error)) }
                let folder = try party.folder()
                let (body, access) = try Reader(folder: folder, transport: try party.transport(for: folder))
                    .get(recordID: id, keyFile: try Console.readFile(key, what: "key"), keyPath: key)
                do { try AtomicFile.write(body, to: output, secret: true) } catch { throw Console.fail(String(describing: error)) }
                print("wrote \(body.count) bytes of \(id) to \(output) (access logged at height \(access.height))")
                return
            }
            let userKey: UserSecretKey
            do { userKey = try ABE.KeyFile.decodeUserKey(try Console.readFile(key, what: "key")) } catch let e as ABEError { throw Console.fail(e.description) }
            guard !FileManager.default.fileExists(atPath: output) else { throw Console.fail("\(output) already exists; refusing to overwrite it") }
            let vault = try RecordVault(directory: dataDirectory.directory)
            let body = try vault.get(recordID: id, key: userKey, reader: reader)
            do { try AtomicFile.write(body, to: output, secret: true) } catch { throw Console.fail(String(describing: error)) }
            print("wrote \(body.count) bytes of \(id) to \(output) (access logged)")
        }
    }
}

struct RecordListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the records, their policies and states.")

    @OptionGroup var dataDirectory: DataDirectoryOption
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let records = try RecordVault(directory: dataDirectory.directory).list()
            if json { return try printJSON(records) }
            if records.isEmpty { print("no records yet; add one with `vault record put`"); return }
            for r in records {
                let state = r.erasedAt.map { "erased \($0)" } ?? "\(r.bytes) bytes, \(r.rows) rows"
                print("\(r.id)  \(state)  \(r.policy)")
            }
        }
    }
}

struct RecordShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a record's anchor and its audit trail.")

    @OptionGroup var dataDirectory: DataDirectoryOption
    @Argument(help: "The record id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    struct Shown: Encodable { let record: RecordVault.RecordSummary; let events: [AuditEvent] }

    func run() throws {
        try reportingErrors {
            let (record, events) = try RecordVault(directory: dataDirectory.directory).show(recordID: id)
            if json { return try printJSON(Shown(record: record, events: events)) }
            print("record:   \(record.id)")
            print("policy:   \(record.policy)")
            print("blob:     SHA-256 \(record.sha256), \(record.bytes) bytes, \(record.rows) LSSS rows")
            print("anchored: \(record.anchoredAt)" + (record.erasedAt.map { "; erased \($0)" } ?? ""))
            for e in events { print("  \(e.recorded)  \(e.type)  \(e.outcome)  by \(e.who)" + (e.subject.map { " for \($0)" } ?? "")) }
        }
    }
}

struct RecordEraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Crypto-shred a record: delete its ciphertext and escrowed key; the anchor stays.")

    @OptionGroup var dataDirectory: DataDirectoryOption
    @Argument(help: "The record id.") var id: String
    @Option(help: "Why (recorded on the chain).") var reason = "erasure requested"
    @OptionGroup var party: PartyOptions

    func run() throws {
        try reportingErrors {
            if party.isSet {
                let folder = try party.folder()
                let receipt = try Provider(folder: folder, transport: try party.transport(for: folder)).erase(recordID: id, reason: reason)
                print("erased \(id) at height \(receipt.height): its blob, escrow and patient salt are destroyed on the node")
                return
            }
            try RecordVault(directory: dataDirectory.directory).erase(recordID: id, reason: reason)
            print("erased \(id): ciphertext and key destroyed, RecordErased anchored")
        }
    }
}

/// `vault consent grant|revoke`.
struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Widen (grant) or narrow (revoke) who may read a record.",
        subcommands: [ConsentChangeCommand<Grant>.self, ConsentChangeCommand<Revoke>.self])

    enum Grant: ConsentKind { static let change = RecordVault.ConsentChange.grant
        static let abstract = "Also let readers satisfying --policy read the record (the data key is re-wrapped)." }
    enum Revoke: ConsentKind { static let change = RecordVault.ConsentChange.revoke
        static let abstract = "From now on only --policy may read: new data key, body re-encrypted, old keys destroyed." }
}

protocol ConsentKind { static var change: RecordVault.ConsentChange { get }; static var abstract: String { get } }

struct ConsentChangeCommand<Kind: ConsentKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Kind.change.rawValue, abstract: Kind.abstract)
    }

    @OptionGroup var dataDirectory: DataDirectoryOption
    @Argument(help: "The record id.") var id: String
    @Option(help: "The policy granted (grant) or the new policy (revoke).") var policy: String
    @Option(help: "The consent document; its SHA-256 is anchored.") var document: String?
    @OptionGroup var policyOptions: PolicyOptionsGroup
    @OptionGroup var party: PartyOptions

    func run() throws {
        let options = try policyOptions.resolve()
        try reportingErrors {
            let parsed: Policy
            do { parsed = try Policy(parsing: policy, options: options) } catch { throw Console.fail(String(describing: error)) }
            let doc = try document.map { try Console.readFile($0, what: "consent document") }
            if party.isSet {
                let folder = try party.folder()
                let change: Provider.ConsentChange = Kind.change == .grant ? .grant : .revoke
                let receipt = try Provider(folder: folder, transport: try party.transport(for: folder))
                    .changeConsent(change, recordID: id, policy: parsed, document: doc)
                print("\(change == .grant ? "granted" : "revoked"): \(id) re-anchored at height \(receipt.height)")
                return
            }
            let stored = try RecordVault(directory: dataDirectory.directory).changeConsent(Kind.change, recordID: id, policy: parsed, document: doc)
            print("\(Kind.change.rawValue == "grant" ? "granted" : "revoked"): \(id) is now readable under \(stored.policy)")
        }
    }
}

/// `vault doctor`.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Find (and with --repair remove) leftovers of interrupted writes; verify the chain.")

    @OptionGroup var dataDirectory: DataDirectoryOption
    @Flag(help: "Remove orphaned blobs, escrowed keys, metadata and temporary files.") var repair = false

    func run() throws {
        try reportingErrors {
            let report = try RecordVault(directory: dataDirectory.directory).doctor(repair: repair)
            print("chain: " + (report.chainValid ? "verifies" : "INVALID: \(report.chainProblem ?? "")"))
            let verb = report.repaired ? "removed" : "found"
            for b in report.orphanedBlobs { print("\(verb) blob without an anchor: \(b)") }
            for e in report.orphanedEscrows { print("\(verb) escrowed key without a record: \(e)") }
            for m in report.orphanedMetadata { print("\(verb) metadata without a record: \(m)") }
            for r in report.damagedRecords { print("record \(r): its anchored ciphertext is missing or altered (cannot be repaired)") }
            let leftovers = report.orphanedBlobs.count + report.orphanedEscrows.count + report.orphanedMetadata.count
            if report.isHealthy { print("healthy") } else if report.repaired && report.chainValid && report.damagedRecords.isEmpty {
                print("repaired \(leftovers) leftover(s)")
            } else {
                if !report.repaired && leftovers > 0 { print("run `vault doctor --repair` to remove the leftovers") }
                throw ExitCode.failure
            }
        }
    }
}

/// A one-line progress bar on standard error.
final class ProgressBar {
    let total: Int
    var done = 0
    init(total: Int) { self.total = total }
    func advance(label: String) {
        done += 1
        let width = 30, filled = width * done / max(1, total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(label)   ".utf8))
        print(label)
    }
    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
