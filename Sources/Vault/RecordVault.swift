import ABE
import Foundation
import Ledger
import VaultSupport

/// The vault as its users meet it: records go in under a policy, only a hash
/// and policy metadata reach the chain, readers with satisfying keys get the
/// record back after its hash is checked against the chain, and every read,
/// denial, grant, revocation and erasure is on the chain.
public final class RecordVault {
    let layout: DataLayout
    public let config: VaultConfig
    public let chain: Chain
    public let publicParameters: PublicParameters
    /// "Now" for key expiry; tests and the demo move it.
    public var today: ISODate = .today

    public var dataDirectory: String { layout.root }

    // MARK: Creating and opening

    /// `vault init`: a data directory with the chain's genesis (admin+validator,
    /// authority, provider, auditor), a key authority, the blob store and config.
    /// Refuses to touch a directory that already holds a vault.
    public static func initialize(at directory: DataDirectory, organisation: String = "Hospital A",
                                  scheme: SchemeID = .fabeo) throws -> RecordVault {
        let layout = DataLayout(directory: directory)
        let fm = FileManager.default
        if fm.fileExists(atPath: layout.config) || fm.fileExists(atPath: directory.chainPath) {
            throw VaultError.alreadyInitialized(layout.root)
        }
        for folder in [layout.root, layout.identities, layout.authority, layout.blobs, layout.escrow, layout.records] {
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw VaultError.io("cannot create \(folder): \(error.localizedDescription)")
            }
        }
        let slug = organisation.lowercased().filter { $0.isLetter || $0.isNumber }
        let ids = (admin: "\(slug)-admin", authority: "\(slug)-authority", provider: "\(slug)-provider", auditor: "\(slug)-auditor")
        var members = [Member]()
        var admin: Identity?
        let roster: [(String, Set<Role>)] = [(ids.admin, [.admin, .validator]), (ids.authority, [.authority]),
                                             (ids.provider, [.provider]), (ids.auditor, [.auditor])]
        for (id, roles) in roster {
            let identity = try Ledger.KeyFile.generate(memberID: id, path: layout.identity(id))
            members.append(try Member(id: id, organisation: organisation, roles: roles, publicKey: identity.publicKey))
            if id == ids.admin { admin = identity }
        }
        let (pp, ms) = KeyAuthority.setup(scheme: scheme)
        try write(ABE.KeyFile.encode(ms, publicParameters: pp), to: layout.masterKey, secret: true)
        try write(ABE.KeyFile.encode(pp), to: layout.publicKey)
        let genesis = try GenesisConfig(chainName: "\(slug)-records", createdAt: LedgerClock.nowMillis(),
                                        salt: SecureRandom.bytes(16), members: members)
        let store = try Chain.sqliteStore(in: directory, create: true)
        _ = try Chain.create(genesis: genesis, sealer: admin!, store: store)
        let config = VaultConfig(organisation: organisation, chainName: genesis.chainName, scheme: scheme.description,
                                 authorityFingerprint: pp.fingerprintHex, admin: ids.admin, authority: ids.authority,
                                 provider: ids.provider, auditor: ids.auditor, createdAt: isoTimestamp(Date()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write([UInt8](try encoder.encode(config)), to: layout.config)
        return try RecordVault(directory: directory)
    }

    /// Opens an existing vault; a missing one says to run `vault init`.
    public init(directory: DataDirectory) throws {
        layout = DataLayout(directory: directory)
        guard let data = FileManager.default.contents(atPath: layout.config) else {
            throw VaultError.noDataDirectory(layout.root)
        }
        do { config = try JSONDecoder().decode(VaultConfig.self, from: data) } catch {
            throw VaultError.malformed("\(layout.config): \(error.localizedDescription)")
        }
        chain = try Chain.open(store: Chain.sqliteStore(in: directory))
        guard let bytes = FileManager.default.contents(atPath: layout.publicKey) else {
            throw VaultError.io("the key authority's public key \(layout.publicKey) is missing")
        }
        do { publicParameters = try ABE.KeyFile.decodePublicParameters([UInt8](bytes)) } catch {
            throw VaultError.malformed("\(layout.publicKey): \(error.description)")
        }
    }

    func identity(_ member: String) throws -> Identity { try Ledger.KeyFile.read(path: layout.identity(member)) }

    // MARK: Records in

    public struct Stored: Sendable {
        public let recordID: String
        public let sha256: String
        public let policy: String
        public let writtenPolicy: String?
        public let rows: Int
        public let blobBytes: Int
    }

    /// `vault record put`: seal the body under its own data key, wrap the key
    /// under the policy and escrow it for the provider, store the blob, then
    /// anchor it. Each file is written atomically before the anchor, so a
    /// crash leaves at most unanchored leftovers, which `doctor` removes.
    public func put(body: [UInt8], policy: Policy, writtenPolicy: String? = nil, patient: String? = nil,
                    recordID: String? = nil) throws -> Stored {
        let id = recordID ?? "rec-" + Hex.encode(SecureRandom.bytes(6))
        if recordID != nil, try chain.latestAnchor(of: id) != nil { throw VaultError.malformed("record \(id) already exists") }
        var dataKey = SecureRandom.bytes(32)
        defer { scrub(&dataKey) }
        var salt: [UInt8]? = nil
        var commitment = Digest32.zero
        if let patient {
            salt = SecureRandom.bytes(32)
            commitment = try PatientCommitment.commit(pseudonym: patient, salt: salt!)
        }
        let blob = try makeBlob(id: id, body: body, dataKey: dataKey, policy: policy, writtenPolicy: writtenPolicy)
        try writeEscrow(id: id, dataKey: dataKey)
        try writeMetadata(RecordMetadata(id: id, patientSalt: salt.map { Hex.encode($0) }, createdAt: isoTimestamp(Date())))
        let (sha, size) = try storeBlob(blob)
        crashPoint("after-blob")
        let rows = policy.lsss().rowCount
        let anchor = try RecordAnchored(recordID: id, ciphertextSHA256: sha, policy: policy.compiledText,
                                        scheme: publicParameters.scheme.description, lsssRows: UInt32(rows),
                                        ciphertextBytes: UInt64(size), patientCommitment: commitment)
        try submit([.recordAnchored(anchor)], as: config.provider)
        return Stored(recordID: id, sha256: sha.hex, policy: policy.compiledText, writtenPolicy: writtenPolicy,
                      rows: rows, blobBytes: size)
    }

    func makeBlob(id: String, body: [UInt8], dataKey: [UInt8], policy: Policy, writtenPolicy: String?) throws -> RecordBlob {
        let wrapped: [UInt8]
        do { wrapped = try RecordContainer.seal(dataKey, publicParameters: publicParameters, policy: policy, writtenPolicy: writtenPolicy) } catch {
            throw VaultError.policy(error.description)
        }
        return RecordBlob.seal(body: body, recordID: id, dataKey: dataKey, wrappedKey: wrapped)
    }

    // MARK: Records out

    /// `vault record get`: fetch the blob, refuse it unless its SHA-256 is the
    /// anchored one, decrypt, and log the access (granted, denied or failed).
    public func get(recordID id: String, key: UserSecretKey, reader: String? = nil) throws -> [UInt8] {
        let who = reader ?? key.holder ?? "unnamed-key"
        let anchor = try currentAnchor(id)
        if let validUntil = key.validUntil, validUntil < today.description {
            try logAccess(id, reader: who, .denied)
            throw VaultError.keyExpired(validUntil: validUntil)
        }
        let blob = try fetchVerifiedBlob(anchor, logAs: who)
        let dataKey: [UInt8]
        do { dataKey = try RecordContainer.open(blob.wrappedKey, key: key) } catch {
            if case .abe(let abe) = error, case .policyNotSatisfied = abe {
                try logAccess(id, reader: who, .denied)
                throw VaultError.policyNotSatisfied(record: id, detail: "this key's attributes do not satisfy the record's policy")
            }
            try logAccess(id, reader: who, .failed)
            throw VaultError.policy("cannot open record \(id): \(error.description)")
        }
        let body = try blob.openBody(dataKey: dataKey)
        try logAccess(id, reader: who, .granted)
        return body
    }

    /// The newest anchor of a record that has not been erased (one query).
    func currentAnchor(_ id: String) throws -> RecordAnchored {
        let history = try chain.transactions(matching: IndexQuery(recordID: id, kinds: [.recordAnchored, .recordErased]))
        guard let last = history.last else { throw VaultError.unknownRecord(id) }
        switch last.transaction.body.payload {
        case .recordErased: throw VaultError.erased(record: id, on: isoDate(millis: last.transaction.body.time))
        case .recordAnchored(let anchor): return anchor
        default: throw VaultError.unknownRecord(id)
        }
    }

    func fetchVerifiedBlob(_ anchor: RecordAnchored, logAs reader: String?) throws -> RecordBlob {
        let path = layout.blob(anchor.ciphertextSHA256.hex)
        guard let data = FileManager.default.contents(atPath: path) else {
            if let reader { try logAccess(anchor.recordID, reader: reader, .failed) }
            throw VaultError.blobMissing(record: anchor.recordID, sha256: anchor.ciphertextSHA256.hex)
        }
        let bytes = [UInt8](data)
        let found = SHA256.hash(bytes)
        guard found == anchor.ciphertextSHA256 else {
            if let reader { try logAccess(anchor.recordID, reader: reader, .failed) }
            throw VaultError.hashMismatch(record: anchor.recordID, expected: anchor.ciphertextSHA256.hex, found: found.hex)
        }
        let blob = try RecordBlob(decoding: bytes)
        guard blob.recordID == anchor.recordID else { throw VaultError.malformed("blob \(found.hex) belongs to record \(blob.recordID)") }
        return blob
    }

    func logAccess(_ id: String, reader: String, _ outcome: AccessOutcome) throws {
        let safeReader = reader.isEmpty ? "unnamed-key" : String(reader.map { $0.isWhitespace ? "_" : $0 })
        try submit([.accessLogged(try AccessLogged(recordID: id, reader: safeReader, outcome: outcome))], as: config.provider)
    }

    // MARK: Consent

    public enum ConsentChange: String, Sendable { case grant, revoke }

    /// `vault consent grant` (the new policy is the old one OR `policy`: the
    /// data key is re-wrapped, the body untouched) and `vault consent revoke`
    /// (the new policy is `policy`: a new data key, the body re-encrypted, the
    /// old blob and escrowed key destroyed). Both anchor ConsentChanged and the
    /// new blob. `document` is the consent document; its hash goes on the chain.
    public func changeConsent(_ change: ConsentChange, recordID id: String, policy: Policy,
                              document: [UInt8]?) throws -> Stored {
        let anchor = try currentAnchor(id)
        let blob = try fetchVerifiedBlob(anchor, logAs: nil)
        var oldKey = try readEscrow(id: id)
        defer { scrub(&oldKey) }
        let newPolicy: Policy
        var dataKey: [UInt8]
        var body: [UInt8]
        switch change {
        case .grant:
            let old: Policy
            do {
                old = try Policy(parsing: anchor.policy, options: .freeForm)
                newPolicy = try Policy(tree: .or([old.compiled, policy.compiled]), options: .freeForm)
            } catch { throw VaultError.policy(error.description) }
            dataKey = oldKey
            body = []
        case .revoke:
            newPolicy = policy
            dataKey = SecureRandom.bytes(32)
            body = try blob.openBody(dataKey: oldKey)
        }
        defer { scrub(&dataKey); scrub(&body) }
        let newBlob: RecordBlob
        if change == .grant {
            let wrapped: [UInt8]
            do { wrapped = try RecordContainer.seal(dataKey, publicParameters: publicParameters, policy: newPolicy) } catch {
                throw VaultError.policy(error.description)
            }
            newBlob = RecordBlob(recordID: id, wrappedKey: wrapped, nonce: blob.nonce, sealedBody: blob.sealedBody)
        } else {
            newBlob = try makeBlob(id: id, body: body, dataKey: dataKey, policy: newPolicy, writtenPolicy: nil)
        }
        let (sha, size) = try storeBlob(newBlob)
        let documentHash = SHA256.hash(document ?? Array("consent \(change.rawValue) for \(id): \(newPolicy.compiledText)".utf8))
        let consent = try ConsentChanged(recordID: id, oldPolicyDigest: anchor.policyDigest,
                                         newPolicyDigest: RecordAnchored.digest(ofPolicy: newPolicy.compiledText),
                                         consentDocumentSHA256: documentHash)
        let rows = newPolicy.lsss().rowCount
        let newAnchor = try RecordAnchored(recordID: id, ciphertextSHA256: sha, policy: newPolicy.compiledText,
                                           scheme: anchor.scheme, lsssRows: UInt32(rows),
                                           ciphertextBytes: UInt64(size), patientCommitment: anchor.patientCommitment)
        // The escrow must hold the key the new blob uses before the old one goes.
        if change == .revoke { try writeEscrow(id: id, dataKey: dataKey, overwrite: true) }
        do { try submit([.consentChanged(consent), .recordAnchored(newAnchor)], as: config.provider) } catch {
            if change == .revoke { try? writeEscrow(id: id, dataKey: oldKey, overwrite: true) }
            throw error
        }
        if anchor.ciphertextSHA256 != sha { unlink(layout.blob(anchor.ciphertextSHA256.hex)) }
        return Stored(recordID: id, sha256: sha.hex, policy: newPolicy.compiledText, writtenPolicy: nil,
                      rows: rows, blobBytes: size)
    }

    /// `vault record erase`: crypto-shredding. The blob and the escrowed key
    /// are deleted; the anchor stays and RecordErased records when and why.
    public func erase(recordID id: String, reason: String) throws {
        let anchor = try currentAnchor(id)
        try submit([.recordErased(try RecordErased(recordID: id, reason: reason))], as: config.provider)
        unlink(layout.blob(anchor.ciphertextSHA256.hex))
        unlink(layout.escrow(id))
    }

    // MARK: Keys

    /// `vault authority keygen` on a vault: issue the key and anchor KeyIssued.
    public func issueKey(attributes: AttributeSet, validUntil: String?, holder: String) throws -> UserSecretKey {
        let pp = publicParameters
        let ms: MasterSecret
        do {
            guard let bytes = FileManager.default.contents(atPath: layout.masterKey) else { throw VaultError.io("the master key \(layout.masterKey) is missing") }
            ms = try ABE.KeyFile.decodeMasterSecret([UInt8](bytes), publicParameters: pp)
        } catch let e as ABEError { throw VaultError.malformed(e.description) }
        let key: UserSecretKey
        do {
            key = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: attributes,
                                         attributesText: attributes.description, validUntil: validUntil, holder: holder)
        } catch { throw VaultError.policy(error.description) }
        let expires: UInt64
        if let validUntil, let date = try? ISODate(parsing: validUntil) {
            expires = UInt64(date.daysSinceEpoch + 1) * 86_400_000 - 1
        } else {
            expires = 253_402_300_799_000  // 9999-12-31: no expiry
        }
        let issued = try KeyIssued(authority: config.authority, holder: holder,
                                   attributeSetDigest: SHA256.hash(Array(attributes.description.utf8)), expiresAt: expires)
        try submit([.keyIssued(issued)], as: config.authority)
        return key
    }

    // MARK: Listing

    public struct RecordSummary: Sendable, Codable {
        public let id: String
        public let policy: String
        public let sha256: String
        public let bytes: UInt64
        public let rows: UInt32
        public let anchoredAt: String
        public let erasedAt: String?

        enum CodingKeys: String, CodingKey { case id, policy, sha256, bytes, rows, anchoredAt = "anchored_at", erasedAt = "erased_at" }
    }

    /// Every record, oldest first, with its current policy and state.
    public func list() throws -> [RecordSummary] {
        let all = try chain.transactions(matching: IndexQuery(kinds: [.recordAnchored, .recordErased]))
        var order = [String]()
        var latest = [String: (RecordAnchored, UInt64)]()
        var erased = [String: UInt64]()
        for located in all {
            switch located.transaction.body.payload {
            case .recordAnchored(let a):
                if latest[a.recordID] == nil { order.append(a.recordID) }
                latest[a.recordID] = (a, located.transaction.body.time)
                erased[a.recordID] = nil
            case .recordErased(let e):
                erased[e.recordID] = located.transaction.body.time
            default: break
            }
        }
        return order.compactMap { id in
            guard let (a, time) = latest[id] else { return nil }
            return RecordSummary(id: id, policy: a.policy, sha256: a.ciphertextSHA256.hex, bytes: a.ciphertextBytes,
                                 rows: a.lsssRows, anchoredAt: isoTimestamp(millis: time), erasedAt: erased[id].map { isoTimestamp(millis: $0) })
        }
    }

    public func show(recordID id: String) throws -> (RecordSummary, [AuditEvent]) {
        guard let summary = try list().first(where: { $0.id == id }) else { throw VaultError.unknownRecord(id) }
        return (summary, try chain.audit(IndexQuery(recordID: id)))
    }

    // MARK: Chain plumbing

    func submit(_ payloads: [TransactionPayload], as member: String) throws {
        let submitter = try identity(member)
        let sealer = try identity(config.admin)
        let transactions = try chain.makeTransactions(payloads, by: submitter)
        _ = try chain.append(transactions, sealedBy: sealer)
    }

    // MARK: Files

    func storeBlob(_ blob: RecordBlob) throws -> (Digest32, Int) {
        let bytes = blob.encoded()
        let sha = SHA256.hash(bytes)
        let path = layout.blob(sha.hex)
        if !FileManager.default.fileExists(atPath: path) { try RecordVault.write(bytes, to: path) }
        return (sha, bytes.count)
    }

    func escrowKey() throws -> [UInt8] { try identity(config.provider).derivedSecret(purpose: "record-escrow") }

    func writeEscrow(id: String, dataKey: [UInt8], overwrite: Bool = false) throws {
        var key = try escrowKey()
        defer { scrub(&key) }
        let nonce = SecureRandom.bytes(AESGCM.nonceBytes)
        let sealed = AESGCM.seal(dataKey, key: key, nonce: nonce, associatedData: Array("record-vault/escrow/v1/\(id)".utf8))
        try RecordVault.write(nonce + sealed, to: layout.escrow(id), secret: true, overwrite: overwrite)
    }

    func readEscrow(id: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: layout.escrow(id)) else {
            throw VaultError.io("the escrowed key of \(id) is missing; the provider cannot change its policy (run `vault doctor`)")
        }
        let bytes = [UInt8](data)
        var key = try escrowKey()
        defer { scrub(&key) }
        guard bytes.count > AESGCM.nonceBytes,
              let dataKey = AESGCM.open(Array(bytes.dropFirst(AESGCM.nonceBytes)), key: key, nonce: Array(bytes.prefix(AESGCM.nonceBytes)),
                                        associatedData: Array("record-vault/escrow/v1/\(id)".utf8))
        else { throw VaultError.malformed("the escrowed key of \(id) failed authentication") }
        return dataKey
    }

    func writeMetadata(_ metadata: RecordMetadata) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try RecordVault.write([UInt8](try encoder.encode(metadata)), to: layout.record(metadata.id), overwrite: true)
    }

    static func write(_ bytes: [UInt8], to path: String, secret: Bool = false, overwrite: Bool = false) throws {
        do { try AtomicFile.write(bytes, to: path, secret: secret, overwrite: overwrite) } catch { throw VaultError.io(error.description) }
    }

    /// Test hook: VAULT_CRASH_AT=<point> ends the process abruptly there, as a
    /// power cut would, so that tests can check recovery.
    func crashPoint(_ name: String) {
        if ProcessInfo.processInfo.environment["VAULT_CRASH_AT"] == name { _exit(86) }
    }
}

func isoTimestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
}

func isoTimestamp(millis: UInt64) -> String { isoTimestamp(Date(timeIntervalSince1970: Double(millis) / 1000)) }

func isoDate(millis: UInt64) -> String { ISODate(daysSinceEpoch: Int(millis / 86_400_000)).description }
