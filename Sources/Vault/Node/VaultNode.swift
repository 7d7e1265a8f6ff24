import ABE
import Foundation
import Ledger
import LedgerSQLite
import VaultSupport

/// One organisation's node: the chain replica and the blob, escrow and
/// record-metadata stores. Every use case of the node is a method here; the
/// HTTP server (`VaultServer`) and the in-process transport only route to
/// `NodeAPI`, which calls these. The node never sees an attribute key, a
/// master key, a data key or a plaintext.
public final class VaultNode: @unchecked Sendable {
    // @unchecked Sendable: `chain` is thread-safe; writes go through `commits`;
    // `writeRefusal` is guarded by `stateLock`.
    public let directory: NodeDirectory
    public let config: NodeConfig
    let chain: Chain
    let identity: Identity
    let blobs: BlobStore
    let escrows: BlobStore
    let records: BlobStore
    /// Current anchors and their proofs, filled as blocks are sealed.
    let cache = RecordCache()
    /// Policies and attribute lists parsed by reads.
    let parsed = ParsedTexts()
    /// Writes `verified-tip` after each sealed block, off the commit thread.
    private let tipWriter: VerifiedTipWriter
    let commits: CommitQueue
    /// Connects to another organisation's node by URL, to fetch the blobs
    /// anchored there (`fetchBlob`); nil: blobs come only from this node's store.
    public var peerTransport: (@Sendable (String) throws -> NodeTransport)? {
        get { stateLock.withLock { peerConnector } }
        set { stateLock.withLock { peerConnector = newValue } }
    }
    private var peerConnector: (@Sendable (String) throws -> NodeTransport)?
    /// Applies the blocks other nodes order; nil without a cluster.
    private var follower: ClusterFollower? = nil  // set once, in init
    let nonces = NonceWindow(window: RequestSignature.window)
    private let lock: DirectoryLock
    private let stateLock = NSLock()
    private var writeRefusal: String?
    private var todayOverride: ISODate?
    /// "Today" for key expiry: the calendar's, unless the demo or a test moved it.
    public var today: ISODate {
        get { stateLock.withLock { todayOverride } ?? .today }
        set { stateLock.withLock { todayOverride = newValue } }
    }

    /// Opens a node directory: takes its lock, verifies the replica (every
    /// rule and the hash chain up to the last verified tip kept outside the
    /// chain store, signatures above it), and refuses writes, naming the
    /// height, if anything fails. The chain and the blobs live in the
    /// directory's SQLite file and folders unless other stores are given
    /// (`stores` replaces all three folders, `blobStore` only blobs/).
    ///
    /// With `orderer` (an etcd cluster) the node offers every block it seals
    /// to the orderer first and follows the blocks the other nodes order.
    /// A node that ordered its own blocks moves onto the cluster the first
    /// time it is opened with one: its blocks are offered to the cluster
    /// (`Chain.publish`) and node.json records `clusterEndpoints`, after
    /// which it never orders alone again.
    public init(directory: NodeDirectory, ledgerStore: LedgerStore? = nil, blobStore: BlobStore? = nil,
                orderer: BlockOrderer? = nil, clusterEndpoints: [String]? = nil, stores: NodeStores? = nil) throws {
        self.directory = directory
        var config = try directory.readConfig()
        if config.etcd != nil, orderer == nil { throw directory.sealingAloneRefused }
        let movesToCluster = orderer != nil && config.etcd == nil
        if movesToCluster { config.etcd = clusterEndpoints ?? [] }
        self.config = config
        lock = try DirectoryLock(path: directory.lock)
        do {
            identity = try Ledger.KeyFile.read(path: directory.identity)
            chain = try Chain.open(store: try ledgerStore ?? Chain.sqliteStore(in: directory.dataDirectory), orderer: orderer)
            let stores = try stores ?? NodeStores.files(in: directory)
            blobs = blobStore ?? stores.blobs
            escrows = stores.escrows
            records = stores.records
        } catch {
            lock.release()
            throw error
        }
        commits = CommitQueue(chain: chain, sealer: identity)
        let tipWriter = VerifiedTipWriter(path: directory.verifiedTip)
        self.tipWriter = tipWriter
        writeRefusal = verifyReplica()
        if movesToCluster {
            do {
                // Only a replica that verifies is put on the cluster.
                if let refusal = writeRefusal { throw VaultError.malformed("not moving onto the cluster: \(refusal)") }
                try chain.publish()
                try directory.writeConfig(config, replacing: true)
            } catch {
                tipWriter.stop()
                lock.release()
                throw error
            }
        }
        commits.beforeSeal = { [blobs, escrows, records] in
            try blobs.sync()
            try escrows.sync()
            try records.sync()
        }
        // Every block the replica appends, sealed here or ordered by another node.
        chain.onAppend = { [cache] block in
            cache.sealed(block)
            tipWriter.record(height: block.height, hash: block.hash.hex)
        }
        if let orderer {
            follower = ClusterFollower(chain: chain, orderer: orderer) { [weak self] reason in self?.refuseWrites(reason) }
        }
        commits.onRefusal = { [weak self] reason in self?.refuseWrites(reason) }
        chain.afterOrdering = { if Self.crashAt == "block-ordered" { _exit(86) } }
        commits.start()
        follower?.start()
    }

    /// Finishes queued submissions and releases the directory.
    public func close() {
        commits.stop()
        follower?.stop()
        tipWriter.stop()
        lock.release()
    }

    /// nil when the node accepts writes, else why not.
    public var writeProblem: String? { stateLock.withLock { writeRefusal } }

    /// Whether blocks are ordered by a cluster, and what keeps the node from
    /// following it right now (nil when it follows).
    public var clusterProblem: String? { follower?.problem }
    public var ordersOnCluster: Bool { follower != nil }

    /// Stops writes for good (until restarted and checked again), keeping the first reason.
    func refuseWrites(_ reason: String) {
        stateLock.withLock { if writeRefusal == nil { writeRefusal = reason } }
    }

    private func verifyReplica() -> String? {
        var expected: BlockReference?
        if let text = FileManager.default.contents(atPath: directory.verifiedTip).map({ String(decoding: $0, as: UTF8.self) }) {
            expected = try? BlockReference(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
            if expected == nil { return "\(directory.verifiedTip) is not HEIGHT:HASH; refusing writes until the replica is checked again (doctor)" }
        }
        // From a recorded tip, signatures only above it (the expensive part);
        // without one, everything.
        let report = expected.map { chain.verify(incrementallyFrom: $0) } ?? chain.verify(checkViews: false)
        if let failure = report.failure { return "the replica fails verification: \(failure.description)" }
        if expected == nil, let height = report.tipHeight, let hash = report.tipHash {
            try? AtomicFile.write(Array("\(height):\(hash.hex)\n".utf8), to: directory.verifiedTip, overwrite: true)
        }
        return nil
    }

    func requireWritable() throws(NodeProblem) {
        if let reason = writeProblem { throw .unavailable("this node refuses writes: \(reason)") }
    }

    // MARK: Members

    /// The active member `id`, or the refusal naming why it may not act.
    func activeMember(_ id: String) throws(NodeProblem) -> Member {
        guard let record = chain.memberRecord(id) else {
            throw .forbidden("not-a-member", "\(DisplayText.escaped(id)) is not a member of this chain")
        }
        guard record.isActive else {
            throw .forbidden("member-revoked", "member \(id) was removed from the chain at height \(record.removedAt ?? 0)")
        }
        return record.member
    }

    public func publicKey(ofActiveMember id: String) -> PublicKey? {
        guard let record = chain.memberRecord(id), record.isActive else { return nil }
        return record.member.publicKey
    }

    public func members() -> [MemberView] {
        chain.allMembers.map {
            MemberView(id: $0.member.id, organisation: $0.member.organisation, roles: $0.member.sortedRoles.map(\.name),
                       publicKey: $0.member.publicKey.hex, addedAt: $0.addedAt, removedAt: $0.removedAt, lastNonce: $0.lastNonce)
        }
    }

    // MARK: Records

    /// The newest anchor of a record, in chain order (height, position),
    /// with the transaction that carries it; erased records are gone.
    func currentAnchor(_ id: String) throws(NodeProblem) -> (RecordAnchored, SignedTransaction) {
        let entry = try currentEntry(id)
        return (entry.anchor, entry.transaction)
    }

    /// The record's current anchor from the cache, else from the chain.
    func currentEntry(_ id: String) throws(NodeProblem) -> RecordCache.Entry {
        do { return try cache.anchor(of: id) { () throws(NodeProblem) in try lookUpCurrentAnchor(id) } } catch let problem as NodeProblem {
            throw problem
        } catch { throw .internal("cannot read the chain: \(error)") }
    }

    /// The last anchor or erasure of the record in chain order.
    private func lookUpCurrentAnchor(_ id: String) throws(NodeProblem) -> (RecordAnchored, SignedTransaction) {
        let history: [Chain.LocatedTransaction]
        do { history = try chain.transactions(matching: IndexQuery(recordID: id, kinds: [.recordAnchored, .recordErased])) } catch {
            throw .internal("cannot read the chain: \(error)")
        }
        guard let last = history.last else { throw .notFound("unknown record \(DisplayText.escaped(id))") }
        switch last.transaction.body.payload {
        case .recordErased:
            throw .gone("record \(id) was erased on \(isoDate(millis: last.transaction.body.time)) (block \(last.height)); its ciphertext no longer exists")
        case .recordAnchored(let anchor): return (anchor, last.transaction)
        default: throw .notFound("unknown record \(DisplayText.escaped(id))")
        }
    }

    /// Decodes a caller's signed transaction and checks kind, submitter,
    /// chain and signature here, on the request's thread, so that the one
    /// commit thread finds the signature already verified
    /// (`VerifiedSignatures`) and only judges the transaction in order.
    func transaction(_ data: Data, kind: TransactionKind, by caller: Member) throws(NodeProblem) -> SignedTransaction {
        let tx: SignedTransaction
        do { tx = try SignedTransaction(encoded: [UInt8](data)) } catch {
            throw .badRequest("malformed-transaction", "a transaction does not decode: \(error)")
        }
        guard tx.kind == kind else {
            throw .badRequest("wrong-transaction", "expected a \(kind.name) transaction, got \(tx.kind.name)")
        }
        guard tx.body.submitter == caller.id else {
            throw .forbidden("not-your-transaction", "the \(kind.name) is signed by \(tx.body.submitter), not by the requester \(caller.id)")
        }
        guard tx.body.chainID == chain.chainID else {
            throw .badRequest("wrong-chain", "the \(kind.name) is signed for another chain")
        }
        guard tx.isSigned(by: caller.publicKey) else {
            throw .badRequest("bad-transaction-signature", "the \(kind.name) \(tx.id.hex.prefix(16))… does not carry a valid signature by \(caller.id)")
        }
        return tx
    }

    static let maxEscrowBytes = 1024

    /// Checks an uploaded blob against its anchor: hash, size, record id.
    func checkBlob(_ blob: [UInt8], escrow: [UInt8], against anchor: RecordAnchored) throws(NodeProblem) {
        let sha = SHA256.hash(blob)
        guard sha == anchor.ciphertextSHA256 else {
            throw .badRequest("hash-mismatch", "the blob's SHA-256 \(sha.hex.prefix(16))… is not the anchored \(anchor.ciphertextSHA256.hex.prefix(16))…")
        }
        guard UInt64(blob.count) == anchor.ciphertextBytes else {
            throw .badRequest("size-mismatch", "the blob has \(blob.count) bytes; the anchor says \(anchor.ciphertextBytes)")
        }
        let decoded: RecordBlob
        do { decoded = try RecordBlob(decoding: blob) } catch { throw .badRequest("malformed-blob", error.description) }
        guard decoded.recordID == anchor.recordID else {
            throw .badRequest("wrong-record", "the blob belongs to record \(DisplayText.escaped(decoded.recordID)), not \(anchor.recordID)")
        }
        guard (1...Self.maxEscrowBytes).contains(escrow.count) else {
            throw .badRequest("malformed-escrow", "an escrow has 1 to \(Self.maxEscrowBytes) bytes, not \(escrow.count)")
        }
    }

    /// The organisation that owns a record: that of the provider who first anchored it.
    func ownerOrganisation(_ id: String) throws(NodeProblem) -> String {
        let first: Chain.LocatedTransaction?
        do { first = try chain.transactions(matching: IndexQuery(recordID: id, kinds: [.recordAnchored], limit: 1)).first } catch {
            throw .internal("cannot read the chain: \(error)")
        }
        guard let first, let submitter = chain.memberRecord(first.transaction.body.submitter) else {
            throw .notFound("unknown record \(DisplayText.escaped(id))")
        }
        return submitter.member.organisation
    }

    func requireOwner(_ id: String, caller: Member) throws(NodeProblem) {
        let owner = try ownerOrganisation(id)
        guard owner == caller.organisation else {
            throw .forbidden("not-owner", "record \(id) belongs to \(owner); \(caller.id) of \(caller.organisation) may not change it")
        }
    }

    func store(_ bytes: [UInt8], in store: BlobStore, name: String, secret: Bool = false) throws(NodeProblem) {
        do { try store.write(bytes, name: name, secret: secret) } catch { throw .internal("cannot store \(name): \(error)") }
    }

    /// Deletes a blob and its escrow, stored together under the blob's hash.
    /// Best effort: a file left behind is unreferenced, and `doctor` finds it.
    func destroyBlob(_ sha: String) {
        try? blobs.delete(sha)
        try? escrows.delete(sha)
    }

    /// `POST /v1/records`.
    public func put(_ request: PutRecordRequest, caller: Member) throws -> Receipt {
        try requireWritable()
        let tx = try transaction(request.anchor, kind: .recordAnchored, by: caller)
        guard case .recordAnchored(let anchor) = tx.body.payload else { throw NodeProblem.internal("not an anchor") }
        let id = try StoreName.recordID(anchor.recordID)
        let blob = [UInt8](request.blob), escrow = [UInt8](request.escrow)
        try checkBlob(blob, escrow: escrow, against: anchor)
        if let salt = request.patientSalt, !(16...255).contains(salt.count) {
            throw NodeProblem.badRequest("malformed-salt", "a patient salt has 16 to 255 bytes")
        }
        let sha = anchor.ciphertextSHA256.hex
        // Files first, anchor last: a crash leaves at most unanchored files.
        try store(blob, in: blobs, name: sha)
        try store(escrow, in: escrows, name: sha, secret: true)
        if let salt = request.patientSalt {
            let metadata = RecordMetadata(id: id, patientSalt: Hex.encode(salt), createdAt: isoTimestamp(Date()))
            try store(NodeJSON.encode(metadata), in: records, name: id)
        }
        crashPoint("after-blob")
        do {
            return try commits.submitAndWait([tx], recordID: id) { [self] in
                if (try? ownerOrganisation(id)) != nil { // ever anchored, erased or not
                    throw NodeProblem.conflict("record-exists", "record \(id) already exists")
                }
            }
        } catch {
            destroyBlob(sha)
            if (try? ownerOrganisation(id)) == nil { try? records.delete(id) }
            throw error
        }
    }

    /// `POST /v1/records/{id}/reads`: judges the reader's key certificate,
    /// serves the blob with an inclusion proof of its anchor, and appends
    /// `AccessLogged` (granted, denied or failed) with the reader's signed
    /// request as evidence. Nothing is served before its log entry is sealed.
    public func read(_ id: String, request: ReadRequest, caller: Member, evidence: AccessEvidence) throws -> ReadResponse {
        try requireWritable()
        let id = try StoreName.recordID(id)
        let entry = try currentEntry(id)
        let (anchor, anchorTx) = (entry.anchor, entry.transaction)
        func log(_ outcome: AccessOutcome) throws -> Receipt {
            let access = try AccessLogged(recordID: id, reader: caller.id, outcome: outcome, evidence: evidence)
            return try commits.submitAndWait(making: { [chain, identity] in [try chain.makeTransaction(.accessLogged(access), by: identity)] })
        }
        let certificate = request.keyCertificate
        if let refusal = judge(certificate, for: caller, policy: anchor.policy) {
            _ = try log(.denied)
            throw refusal
        }
        // A store that cannot answer (a database down) is not a missing blob: nothing to log as failed.
        let stored: [UInt8]?
        do { stored = try blobs.read(anchor.ciphertextSHA256.hex) } catch { throw NodeProblem.unavailable("cannot read the blob store: \(error)") }
        guard let blob = stored ?? fetchBlob(of: anchor, anchoredBy: anchorTx.body.submitter) else {
            _ = try log(.failed)
            let peers = peerTransport == nil ? "" : ", and no node of the organisation that anchored it sent a blob matching the anchor"
            throw NodeProblem.integrity("the ciphertext of \(id) (SHA-256 \(anchor.ciphertextSHA256.hex.prefix(16))…) is missing from this node's blob store\(peers)")
        }
        guard SHA256.hash(blob) == anchor.ciphertextSHA256 else {
            _ = try log(.failed)
            throw NodeProblem.integrity("the stored ciphertext of \(id) does not match its anchor on the chain; refusing it (the refusal is logged)")
        }
        let proof: InclusionProof
        if let cached = entry.proof { proof = cached } else {
            proof = try chain.proveInclusion(of: anchorTx.id)
            cache.remember(proof, for: id, transaction: anchorTx.id)
        }
        let receipt = try log(.granted)
        return ReadResponse(blob: Data(blob), anchorProof: proof, access: receipt)
    }

    /// Why a certificate may not read a record under `policy`, or nil.
    func judge(_ certificate: KeyCertificate, for caller: Member, policy: String) -> NodeProblem? {
        guard certificate.holder == caller.id else {
            return .forbidden("not-your-key", "the key certificate is issued to \(DisplayText.escaped(certificate.holder)), not to \(caller.id)")
        }
        let authority: Member
        do { authority = try activeMember(certificate.authority) } catch { return error }
        guard authority.has(.authority) else {
            return .forbidden("not-an-authority", "\(certificate.authority) is not a key authority of this chain")
        }
        do { try certificate.verify(authorityKey: authority.publicKey) } catch {
            return .forbidden("key-refused", error.description)
        }
        if certificate.isExpired(on: today) {
            return .forbidden("key-expired", "access denied: the key expired on \(certificate.validUntil ?? "?"); ask the key authority for a new one")
        }
        let held: Set<Attribute>
        let compiled: Policy
        do {
            held = try parsed.attributes(certificate.keyAttributes)
            compiled = try parsed.policy(policy)
        } catch { return .badRequest("malformed-certificate", "the key certificate's attributes do not parse: \(error.description)") }
        guard compiled.compiled.isSatisfied(byAttributes: held) else {
            // The nearest clause's missing leaves, read with the built-in
            // catalog's domains (the record's policy is on the chain for any member to see).
            let needs = PolicyNode.nearestClauseNote(ofCompiled: policy, held: held, catalog: PolicyOptions.standard.catalog)
            return .forbidden("access-denied", "access denied: the key's attributes do not satisfy the record's policy" + needs)
        }
        return nil
    }

    /// `GET /v1/records/{id}/escrow`: the owner's provider gets what it needs
    /// to re-wrap the record on a consent change (the escrow opens only with
    /// the provider's own key).
    public func escrow(_ id: String, caller: Member) throws -> EscrowResponse {
        let id = try StoreName.recordID(id)
        try requireOwner(id, caller: caller)
        let (anchor, tx) = try currentAnchor(id)
        let sha = anchor.ciphertextSHA256.hex
        guard let blob = try blobs.read(sha), let escrow = try escrows.read(sha) else {
            throw NodeProblem.integrity("the blob or escrow of \(id) is missing from this node")
        }
        return EscrowResponse(blob: Data(blob), escrow: Data(escrow), anchor: Data(tx.encoded))
    }

    /// `POST /v1/records/{id}/consent`: a new blob under the new policy with
    /// `ConsentChanged` and the new `RecordAnchored`. The old blob and its
    /// escrow go only after the new anchor is sealed, so at every moment the
    /// anchored blob has an escrow that opens it.
    public func changeConsent(_ id: String, request: ConsentRequest, caller: Member) throws -> Receipt {
        try requireWritable()
        let id = try StoreName.recordID(id)
        try requireOwner(id, caller: caller)
        guard request.transactions.count == 2 else {
            throw NodeProblem.badRequest("wrong-transactions", "a consent change carries ConsentChanged then RecordAnchored")
        }
        let consentTx = try transaction(request.transactions[0], kind: .consentChanged, by: caller)
        let anchorTx = try transaction(request.transactions[1], kind: .recordAnchored, by: caller)
        guard case .consentChanged(let consent) = consentTx.body.payload,
              case .recordAnchored(let anchor) = anchorTx.body.payload else { throw NodeProblem.internal("kinds") }
        guard consent.recordID == id, anchor.recordID == id else {
            throw NodeProblem.badRequest("wrong-record", "the transactions concern another record than \(id)")
        }
        guard consent.newPolicyDigest == anchor.policyDigest else {
            throw NodeProblem.badRequest("policy-mismatch", "ConsentChanged's new policy digest is not the new anchor's")
        }
        let blob = [UInt8](request.blob), escrow = [UInt8](request.escrow)
        try checkBlob(blob, escrow: escrow, against: anchor)
        let (old, _) = try currentAnchor(id)
        let sha = anchor.ciphertextSHA256.hex
        try store(blob, in: blobs, name: sha)
        try store(escrow, in: escrows, name: sha, secret: true)
        let receipt: Receipt
        do {
            receipt = try commits.submitAndWait([consentTx, anchorTx], recordID: id) { [self] in
                let (current, _) = try currentAnchor(id)
                guard current.policyDigest == consent.oldPolicyDigest else {
                    throw NodeProblem.conflict("stale-policy", "the record's policy changed meanwhile; fetch it again and retry")
                }
            }
        } catch {
            if old.ciphertextSHA256.hex != sha { destroyBlob(sha) }
            throw error
        }
        if old.ciphertextSHA256.hex != sha { destroyBlob(old.ciphertextSHA256.hex) }
        return receipt
    }

    /// `POST /v1/records/{id}/erasure`: crypto-shredding. After `RecordErased`
    /// is sealed the blob (and the wrapped key in it), the escrow and the
    /// patient salt are destroyed on this node.
    public func erase(_ id: String, request: TransactionsRequest, caller: Member) throws -> Receipt {
        try requireWritable()
        let id = try StoreName.recordID(id)
        try requireOwner(id, caller: caller)
        guard request.transactions.count == 1 else {
            throw NodeProblem.badRequest("wrong-transactions", "an erasure carries one RecordErased")
        }
        let tx = try transaction(request.transactions[0], kind: .recordErased, by: caller)
        guard case .recordErased(let erased) = tx.body.payload, erased.recordID == id else {
            throw NodeProblem.badRequest("wrong-record", "the RecordErased concerns another record than \(id)")
        }
        let (anchor, _) = try currentAnchor(id)
        let receipt = try commits.submitAndWait([tx], recordID: id) { [self] in _ = try currentAnchor(id) }
        destroyBlob(anchor.ciphertextSHA256.hex)
        try? records.delete(id)
        return receipt
    }

    // MARK: Keys and membership

    /// `POST /v1/keys`: the authority's own signed `KeyIssued`, for a holder who is a member.
    public func anchorKeyIssued(_ request: TransactionsRequest, caller: Member) throws -> Receipt {
        try requireWritable()
        guard request.transactions.count == 1 else { throw NodeProblem.badRequest("wrong-transactions", "send one KeyIssued") }
        let tx = try transaction(request.transactions[0], kind: .keyIssued, by: caller)
        guard case .keyIssued(let issued) = tx.body.payload else { throw NodeProblem.internal("kind") }
        _ = try activeMember(issued.holder)
        return try commits.submitAndWait([tx])
    }

    /// `POST /v1/members`: an admin's signed `MemberAdded` or `MemberRemoved`
    /// carrying the admin quorum's approvals (judged by the chain's governance).
    public func changeMembership(_ request: TransactionsRequest, caller: Member) throws -> Receipt {
        try requireWritable()
        guard request.transactions.count == 1 else { throw NodeProblem.badRequest("wrong-transactions", "send one membership change") }
        let tx: SignedTransaction
        do { tx = try SignedTransaction(encoded: [UInt8](request.transactions[0])) } catch {
            throw NodeProblem.badRequest("malformed-transaction", "the transaction does not decode: \(error)")
        }
        guard tx.kind == .memberAdded || tx.kind == .memberRemoved else {
            throw NodeProblem.badRequest("wrong-transaction", "expected MemberAdded or MemberRemoved, got \(tx.kind.name)")
        }
        guard tx.body.submitter == caller.id else {
            throw NodeProblem.forbidden("not-your-transaction", "the change is signed by \(tx.body.submitter), not by \(caller.id)")
        }
        return try commits.submitAndWait([tx])
    }

    // MARK: Reading the chain

    public func tip() -> ChainTip {
        ChainTip(chainId: chain.chainID.hex, height: chain.height, hash: chain.tipHash.hex,
                 verifiedHeight: writeProblem == nil ? chain.height : 0)
    }

    public func blocks(from height: UInt64, limit: Int) throws -> BlocksResponse {
        let stored = try chain.storedBlocks(from: height, limit: max(1, min(limit, 1000)))
        return BlocksResponse(blocks: stored.map {
            .init(height: $0.height, header: Data($0.header), seal: Data($0.seal), entries: $0.entries.map { Data($0) })
        })
    }

    public func proof(transaction hex: String) throws -> InclusionProof {
        guard let id = Digest32(hex: hex) else { throw NodeProblem.badRequest("bad-transaction-id", "a transaction id is 64 hex digits") }
        do { return try chain.proveInclusion(of: id) } catch LedgerError.notFound(let what) {
            throw NodeProblem.notFound(what)
        }
    }

    public func audit(_ query: IndexQuery) throws -> [AuditEvent] { try chain.audit(query) }

    public func list() throws -> [RecordSummary] { try RecordListing.summaries(chain) }

    public func show(_ id: String) throws -> RecordDetails {
        let id = try StoreName.recordID(id)
        guard let summary = try RecordListing.summaries(chain, recordID: id).first else {
            throw NodeProblem.notFound("unknown record \(DisplayText.escaped(id))")
        }
        return RecordDetails(record: summary, events: try chain.audit(IndexQuery(recordID: id)))
    }

    /// Replays the whole replica with every rule and signature.
    public func verifyChain() -> Bool { chain.verify(checkViews: true).isValid }

    /// Whether the blob store holds the ciphertext with this SHA-256 (hex).
    public func hasBlob(sha256: String) -> Bool { (try? blobs.read(sha256)) != nil }

    /// Test hook: VAULT_CRASH_AT=<point> ends the process there, as a power
    /// cut would, so tests can check that nothing is lost or half-anchored.
    func crashPoint(_ name: String) {
        if Self.crashAt == name { _exit(86) }
    }

    /// Read once: building the environment dictionary on every put cost 1 %.
    private static let crashAt = ProcessInfo.processInfo.environment["VAULT_CRASH_AT"]

    public func health() -> Health {
        let problem = writeProblem
        let ordererProblem = clusterProblem
        return Health(status: problem == nil && ordererProblem == nil ? "ok" : "degraded", height: chain.height,
                      writable: problem == nil, reason: problem, ordering: ordersOnCluster ? "etcd" : "embedded",
                      ordererProblem: ordererProblem)
    }
}
