import Foundation

/// A transaction refused on submission: which one, and why.
public struct RejectedTransaction: Error, Sendable, CustomStringConvertible {
    /// Position in the submitted batch.
    public let index: Int
    public let transactionID: Digest32
    public let reason: LedgerError

    public var description: String { "transaction \(index) (\(transactionID.hex.prefix(16))…) refused: \(reason)" }
}

/// Milliseconds since the Unix epoch, the chain's unit of time.
public enum LedgerClock {
    public static func nowMillis() -> UInt64 { UInt64(max(0, Date().timeIntervalSince1970 * 1000)) }
}

/// The permissioned chain: create it, submit signed transactions, seal them
/// into blocks, verify, prove inclusion and run audits.
///
/// Submitted transactions wait in memory until `seal` writes them as one
/// block in one store transaction; `append` does both at once. One `Chain`
/// may be shared between threads (calls are serialised); several processes
/// may append to one SQLite store (each append re-reads the tip).
public final class Chain: @unchecked Sendable {
    // @unchecked Sendable: all mutable state is guarded by `lock`, and
    // `sealed`'s copy by its own lock.
    private let lock = NSLock()
    private let store: LedgerStore
    /// Orders blocks with other nodes (an etcd cluster); nil: this chain orders its own.
    private let orderer: BlockOrderer?
    private var state: ChainState {
        didSet { sealed.set(state) }
    }
    /// A copy of `state` for the readers of members and the tip. `lock` is
    /// held while a block is written, fsync included, and a node's every
    /// request looks up its caller's key: through `lock` each one waited
    /// for the block being written, whatever it asked.
    private let sealed: SealedState
    private var pending: [SignedTransaction] = []
    /// `state` with the pending transactions applied: what new submissions are judged against.
    private var pendingState: ChainState
    /// Pending transactions that a block from the orderer made invalid
    /// between seals; the next seal reports them as dropped.
    private var droppedBetweenSeals: [RejectedTransaction] = []
    /// Blocks appended but not yet passed to `onAppend`, in height order.
    private var outbox: [Block] = []
    /// Held while `onAppend` runs, so blocks reach it one at a time in height order.
    private let deliveryLock = NSLock()
    /// Called once for every block this chain appends to its store, sealed
    /// here or accepted from the orderer, in height order and outside the
    /// chain's lock (the callee may read the chain).
    public var onAppend: (@Sendable (Block) -> Void)?
    /// When to leave the next height to another node (with an orderer).
    private var turns = OfferTurns()
    /// Called after the orderer took a block this chain sealed and before
    /// the replica stores it (the node's crash point for fault tests).
    public var afterOrdering: (@Sendable () -> Void)?

    private init(store: LedgerStore, state: ChainState, orderer: BlockOrderer? = nil) {
        self.store = store
        self.state = state
        self.sealed = SealedState(state)
        self.pendingState = state
        self.orderer = orderer
    }

    // MARK: Creating and opening

    /// Writes the genesis block of a new chain into an empty store.
    public static func create(genesis: GenesisConfig, sealer: Identity, store: LedgerStore) throws -> Chain {
        guard try store.tipHeight() == nil else {
            throw LedgerError.conflict("the store already holds a chain")
        }
        guard let member = genesis.members.first(where: { $0.id == sealer.memberID }) else {
            throw LedgerError.unknownMember(sealer.memberID)
        }
        guard member.has(.validator) else {
            throw LedgerError.wrongRole(member: member.id, action: "seal blocks", allowed: [.validator])
        }
        guard member.publicKey == sealer.publicKey else {
            throw LedgerError.invalidInput("the sealer's key is not the public key listed for '\(member.id)'")
        }
        let header = try BlockHeader(chainID: genesis.chainID, height: 0, previousHash: .zero,
                                     merkleRoot: MerkleTree.root(leaves: [genesis.canonicalBytes]),
                                     transactionCount: 1, time: genesis.createdAt, sealer: sealer.memberID)
        let block = Block(header: header, seal: try header.seal(with: sealer.key), genesis: genesis, transactions: [])
        let state = try ChainState.afterGenesis(block)
        try store.append(BlockCommit(block: block.stored, index: [],
                                     changedMembers: state.members.values.sorted { $0.member.id < $1.member.id }))
        return Chain(store: store, state: state)
    }

    /// Opens the chain in `store`, restoring the validation state from its
    /// member view (rebuilt by replay if the view is empty).
    /// With `orderer`, every block is offered to it before it is stored, and
    /// `accept` applies the blocks other nodes ordered.
    public static func open(store: LedgerStore, orderer: BlockOrderer? = nil) throws -> Chain {
        Chain(store: store, state: try loadState(from: store), orderer: orderer)
    }

    /// Starts a replica of an existing chain from its genesis block, fetched
    /// from a source the caller does not trust: the block must hash to the
    /// pinned `chainID` and carry a valid seal by a genesis validator.
    public static func join(genesis stored: StoredBlock, chainID: Digest32, store: LedgerStore) throws -> Chain {
        guard try store.tipHeight() == nil else {
            throw LedgerError.conflict("the store already holds a chain")
        }
        guard stored.height == 0 else { throw LedgerError.brokenChain("the block offered as genesis has height \(stored.height)") }
        let block = try Block(decoding: stored)
        guard let genesis = block.genesis, genesis.chainID == chainID else {
            throw LedgerError.brokenChain("the genesis block hashes to \(block.genesis?.chainID.hex ?? "nothing"), not the pinned chain id \(chainID.hex)")
        }
        let state = try ChainState.afterGenesis(block)
        try store.append(BlockCommit(block: block.stored, index: [],
                                     changedMembers: state.members.values.sorted { $0.member.id < $1.member.id }))
        return Chain(store: store, state: state)
    }

    private static func loadState(from store: LedgerStore) throws -> ChainState {
        guard let tip = try store.tipHeight(), let stored = try store.block(at: 0) else {
            throw LedgerError.notFound("the store holds no chain")
        }
        let genesisBlock = try Block(decoding: stored)
        let start = try ChainState.afterGenesis(genesisBlock)
        guard tip > 0 else { return start }
        guard let storedTip = try store.block(at: tip) else {
            throw LedgerError.storage("the tip block \(tip) cannot be read")
        }
        let tipHeader = try BlockHeader.decode(canonical: storedTip.header)
        var records = try store.memberRecords()
        if records.isEmpty {
            try rebuildViews(of: store)
            records = try store.memberRecords()
        }
        return ChainState(genesis: start.genesis, tip: tipHeader, members: records)
    }

    // MARK: Reading the state

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public var chainID: Digest32 { sealed.state.chainID }
    public var genesis: GenesisConfig { sealed.state.genesis }
    public var height: UInt64 { sealed.state.height }
    public var tipHash: Digest32 { sealed.state.tipHash }
    public var pendingCount: Int { locked { pending.count } }

    /// Members that may act now, sorted by id.
    public var activeMembers: [MemberRecord] { sealed.state.activeMembers }

    /// Every member the chain ever had, removed ones included, sorted by id.
    public var allMembers: [MemberRecord] { sealed.state.members.values.sorted { $0.member.id < $1.member.id } }

    public func memberRecord(_ id: String) -> MemberRecord? { sealed.state.members[id] }

    /// The next nonce `memberID` may use, counting submitted but unsealed
    /// transactions and blocks that other writers appended meanwhile.
    public func nextNonce(for memberID: String) throws -> UInt64 {
        try locked {
            try refreshIfStale()
            return pendingState.nextNonce(for: memberID)
        }
    }

    /// Builds and signs a transaction for `identity` with its next nonce and the current time.
    public func makeTransaction(_ payload: TransactionPayload, by identity: Identity,
                                time: UInt64 = LedgerClock.nowMillis()) throws -> SignedTransaction {
        try makeBody(payload, by: identity.memberID, time: time).signed(with: identity.key)
    }

    /// Signs several transactions for `identity` with consecutive nonces,
    /// for submitting together in order.
    public func makeTransactions(_ payloads: [TransactionPayload], by identity: Identity,
                                 time: UInt64 = LedgerClock.nowMillis()) throws -> [SignedTransaction] {
        let chainID = self.chainID
        let first = try nextNonce(for: identity.memberID)
        return try payloads.enumerated().map { i, payload in
            try TransactionBody(chainID: chainID, submitter: identity.memberID, nonce: first &+ UInt64(i),
                                time: time, payload: payload).signed(with: identity.key)
        }
    }

    /// An unsigned body with the submitter's next nonce: the proposal that
    /// admins approve before the submitter signs a membership change.
    public func makeBody(_ payload: TransactionPayload, by memberID: String,
                         time: UInt64 = LedgerClock.nowMillis()) throws -> TransactionBody {
        try TransactionBody(chainID: chainID, submitter: memberID, nonce: try nextNonce(for: memberID),
                            time: time, payload: payload)
    }

    // MARK: Submitting and sealing

    /// Judges `transactions` in order against the chain plus everything
    /// already submitted, and queues them for the next block. All or
    /// nothing: on the first refusal nothing is queued.
    public func submit(_ transactions: [SignedTransaction]) throws {
        try locked { try submitLocked(transactions) }
    }

    private func submitLocked(_ transactions: [SignedTransaction]) throws {
        try refreshIfStale()
        var next = pendingState
        // Small chunks: a batch of a few hundred still spreads over every core.
        let signatures = SignatureVerifier(chunkSize: 32, remembering: .shared)
        let now = LedgerClock.nowMillis()
        for (i, tx) in transactions.enumerated() {
            do {
                for check in try next.apply(tx, height: state.height + 1, blockTime: now) {
                    signatures.add(check, at: .init(height: 0, position: i))
                }
            } catch let error as LedgerError {
                // An earlier transaction's bad signature is the first refusal.
                if let (order, check) = signatures.finish(), let j = order.position {
                    throw RejectedTransaction(index: j, transactionID: transactions[j].id, reason: check.failure)
                }
                throw RejectedTransaction(index: i, transactionID: tx.id, reason: error)
            }
        }
        if let (order, check) = signatures.finish(), let i = order.position {
            throw RejectedTransaction(index: i, transactionID: transactions[i].id, reason: check.failure)
        }
        pendingState = next
        pending += transactions
    }

    public func submit(_ transaction: SignedTransaction) throws { try submit([transaction]) }

    /// Seals up to `maxTransactions` submitted transactions into one block,
    /// written in one store transaction. Returns nil when nothing is pending.
    /// If another process appended meanwhile, the pending transactions are
    /// judged again on the new tip and those now refused are dropped and
    /// reported in `SealResult.dropped`.
    @discardableResult
    public func seal(by sealer: Identity, maxTransactions: Int = 10_000) throws -> SealResult? {
        defer { deliverAppended() }
        if let orderer { return try sealOrdered(by: sealer, maxTransactions: maxTransactions, orderer: orderer) }
        return try locked { try sealLocked(by: sealer, maxTransactions: maxTransactions) }
    }

    /// `seal` with an orderer. The round trip to the orderer runs outside the
    /// chain's lock, so requests keep reading the chain and the follower
    /// keeps applying other nodes' blocks meanwhile; the batch being offered
    /// is held apart from `pending` so that nothing judges it again while it
    /// is in flight.
    private func sealOrdered(by sealer: Identity, maxTransactions: Int, orderer: BlockOrderer) throws -> SealResult? {
        var dropped: [RejectedTransaction] = []
        try waitForTurn(orderer)
        for _ in 0..<20 {
            let offered: (block: Block, next: ChainState, batch: [SignedTransaction])? = try locked {
                // Refused by blocks this chain followed since the last round.
                dropped += droppedBetweenSeals
                droppedBetweenSeals.removeAll()
                dropped += try refreshIfStale()
                guard !pending.isEmpty else { return nil }
                let batch = Array(pending.prefix(min(max(1, maxTransactions), Self.maxBlockTransactions)))
                let (block, next) = try buildBlock(batch, sealer: sealer)
                pending.removeFirst(batch.count)
                return (block, next, batch)
            }
            guard let offered else { return dropped.isEmpty ? nil : SealResult(block: nil, dropped: dropped) }
            let winner: StoredBlock?
            let offerStarted = ContinuousClock.now
            do { winner = try orderer.offer(offered.block.stored) } catch {
                locked { pending.insert(contentsOf: offered.batch, at: 0) }
                throw error
            }
            let sealed: SealResult? = try locked {
                let height = offered.block.height
                turns.offered(at: height, took: .now - offerStarted, won: winner == nil)
                guard let winner else {
                    afterOrdering?()
                    if state.height == height - 1 {
                        try store.append(commit(offered.block, offered.next))
                        var after = offered.next
                        after.clearChangedMembers()
                        state = after
                        outbox.append(offered.block)
                    } else {
                        // The follower read our block from the orderer and applied it first.
                        _ = try holds(offered.block.stored)
                    }
                    if pending.isEmpty { pendingState = state }
                    return SealResult(block: offered.block, dropped: dropped)
                }
                // Another node took this height: apply its block, judge ours
                // again on top, catch up on any later ones, offer the next height.
                pending.insert(contentsOf: offered.batch, at: 0)
                if state.height == height - 1 { try acceptLocked(winner) } else { _ = try holds(winner) }
                dropped += rejudgePending()
                return nil
            }
            if let sealed { return sealed }
            _ = try catchUp(from: orderer)
        }
        throw LedgerError.conflict("other nodes kept taking the next height; try again")
    }

    /// After a height won while races are being lost, waits (briefly) for
    /// another node's block at the next height and applies it before
    /// building on the tip (`OfferTurns`).
    private func waitForTurn(_ orderer: BlockOrderer) throws {
        guard let turn = locked({ turns.takeTurn() }) else { return }
        if orderer.awaitBlock(at: turn.height, timeout: turn.timeout) { _ = try catchUp(from: orderer) }
    }

    /// With `allOrNothing`, a transaction refused on a new tip refuses the
    /// whole batch instead of being dropped from it.
    private func sealLocked(by sealer: Identity, maxTransactions: Int, allOrNothing: Bool = false) throws -> SealResult? {
        var dropped: [RejectedTransaction] = []
        for _ in 0..<5 {
            dropped += try refreshIfStale()
            if allOrNothing, let first = dropped.first { throw first }
            guard !pending.isEmpty else { return dropped.isEmpty ? nil : SealResult(block: nil, dropped: dropped) }
            let batch = Array(pending.prefix(min(max(1, maxTransactions), Self.maxBlockTransactions)))
            do {
                let (block, next) = try buildBlock(batch, sealer: sealer)
                try store.append(commit(block, next))
                var after = next
                after.clearChangedMembers()
                state = after
                outbox.append(block)
                pending.removeFirst(batch.count)
                if pending.isEmpty { pendingState = state }
                return SealResult(block: block, dropped: dropped)
            } catch LedgerError.conflict {
                continue // another writer took this height; judge again on its block
            }
        }
        throw LedgerError.conflict("other writers kept taking the next height; try again")
    }

    // MARK: Blocks ordered by other nodes

    /// Judges a block from the orderer, which the chain does not trust, by
    /// every rule a verifier applies (height, previous hash, time, Merkle
    /// root, the sealer's membership and role, every transaction's rules and
    /// signatures, governance) and stores it; the pending transactions are
    /// judged again on top. Returns false for a block the replica already
    /// holds with the same hash. A different block at a stored height is a
    /// fork and is refused, as is any block that fails a rule: the error
    /// names its height and, when one transaction is at fault, its position.
    @discardableResult
    public func accept(_ stored: StoredBlock) throws -> Bool {
        defer { deliverAppended() }
        return try locked {
            guard stored.height == state.height + 1 else { return try holds(stored) }
            try acceptLocked(stored)
            droppedBetweenSeals += rejudgePending()
            return true
        }
    }

    /// Accepts every block the orderer holds above the replica's tip.
    /// Returns how many were applied.
    @discardableResult
    public func catchUp() throws -> Int {
        guard let orderer else { return 0 }
        defer { deliverAppended() }
        return try catchUp(from: orderer)
    }

    private func catchUp(from orderer: BlockOrderer) throws -> Int {
        var applied = 0
        while true {
            // Read outside the lock: the commit thread keeps sealing meanwhile.
            let batch = try orderer.blocks(from: locked { state.height + 1 }, limit: 64)
            if batch.isEmpty { return applied }
            try locked {
                for stored in batch {
                    if stored.height == state.height + 1 {
                        try acceptLocked(stored)
                        applied += 1
                    } else {
                        _ = try holds(stored)  // sealed here meanwhile
                    }
                }
                droppedBetweenSeals += rejudgePending()
            }
        }
    }

    /// Offers every block of the replica to the orderer in height order, to
    /// move a chain this node ordered itself onto a cluster. A block the
    /// orderer already holds at a height must be the replica's own.
    /// Returns how many blocks were put.
    @discardableResult
    public func publish() throws -> Int {
        guard let orderer else { return 0 }
        return try locked {
            var put = 0
            for height in 0...state.height {
                guard let stored = try store.block(at: height) else {
                    throw LedgerError.storage("the replica cannot read its own block \(height)")
                }
                guard let held = try orderer.offer(stored) else {
                    put += 1
                    continue
                }
                guard held == stored else {
                    throw VerificationFailure(height: height, position: nil, reason: .brokenChain(
                        "fork: the cluster's block \(height) differs from this replica's"))
                }
            }
            return put
        }
    }

    /// Whether the replica holds exactly `stored` (a block below its tip).
    private func holds(_ stored: StoredBlock) throws -> Bool {
        guard stored.height <= state.height else {
            throw VerificationFailure(height: stored.height, position: nil, reason: .brokenChain(
                "block \(stored.height) cannot follow the replica's tip \(state.height); blocks in between are missing"))
        }
        guard let local = try store.block(at: stored.height) else {
            throw LedgerError.storage("the replica cannot read its own block \(stored.height)")
        }
        guard local.header == stored.header, local.seal == stored.seal, local.entries == stored.entries else {
            throw VerificationFailure(height: stored.height, position: nil, reason: .brokenChain(
                "fork: the orderer's block \(stored.height) differs from the one this replica holds"))
        }
        return false
    }

    private func acceptLocked(_ stored: StoredBlock) throws {
        let height = stored.height
        func failure(_ position: Int?, _ reason: LedgerError) -> VerificationFailure {
            VerificationFailure(height: height, position: position, reason: reason)
        }
        let block: Block
        do { block = try Block(decoding: stored) } catch { throw failure(nil, ChainVerifier.asLedgerError(error)) }
        guard block.header.height == height, block.genesis == nil else {
            throw failure(nil, .brokenChain("the block ordered at height \(height) claims height \(block.header.height)"))
        }
        var next = state
        next.clearChangedMembers()
        // Another node sealed and judged this block, so this process has
        // verified none of its signatures: they are verified here, without
        // `VerifiedSignatures.shared`, which would answer for them only when
        // several nodes share one process (`vault bench cluster`).
        let signatures = SignatureVerifier(chunkSize: 32, remembering: nil)
        do {
            // The seal first: a block no validator signed is refused before
            // any of its transactions is looked at.
            let sealCheck = try next.checkHeader(block.header, seal: block.seal, leafHashes: block.leafHashes)
            guard sealCheck.isValid(remembering: nil) else { throw sealCheck.failure }
        } catch { throw failure(nil, ChainVerifier.asLedgerError(error)) }
        for (position, tx) in block.transactions.enumerated() {
            do {
                for check in try next.apply(tx, height: height, blockTime: block.header.time) {
                    signatures.add(check, at: .init(height: height, position: position))
                }
            } catch {
                _ = signatures.finish()
                throw failure(position, ChainVerifier.asLedgerError(error))
            }
        }
        if let (order, check) = signatures.finish() { throw failure(order.position, check.failure) }
        next.advance(to: block.header)
        try store.append(commit(block, next))
        next.clearChangedMembers()
        state = next
        outbox.append(block)
    }

    /// Judges the pending transactions again on the current state; drops and
    /// returns the ones now refused (a nonce another node's block used, say).
    private func rejudgePending() -> [RejectedTransaction] {
        var next = state
        var kept: [SignedTransaction] = []
        var dropped: [RejectedTransaction] = []
        let now = LedgerClock.nowMillis()
        for (i, tx) in pending.enumerated() {
            var trial = next
            do {
                _ = try trial.apply(tx, height: state.height + 1, blockTime: now)
                next = trial
                kept.append(tx)
            } catch let error as LedgerError {
                dropped.append(RejectedTransaction(index: i, transactionID: tx.id, reason: error))
            } catch {
                dropped.append(RejectedTransaction(index: i, transactionID: tx.id, reason: .storage(String(describing: error))))
            }
        }
        pending = kept
        pendingState = next
        return dropped
    }

    /// Passes appended blocks to `onAppend`, outside the chain's lock.
    private func deliverAppended() {
        deliveryLock.lock()
        defer { deliveryLock.unlock() }
        while let block = locked({ outbox.isEmpty ? nil : outbox.removeFirst() }) {
            onAppend?(block)
        }
    }

    /// Forgets every submitted transaction that is not yet sealed (after a
    /// failed seal, so that nothing half-judged stays queued).
    public func discardPending() {
        locked {
            droppedBetweenSeals.removeAll()
            pending.removeAll()
            pendingState = state
        }
    }

    /// Submits `transactions` and seals them as one block.
    @discardableResult
    public func append(_ transactions: [SignedTransaction], sealedBy sealer: Identity) throws -> Block {
        guard orderer == nil else {
            throw LedgerError.conflict("a chain ordered by a cluster appends through submit and seal, which offer each block to the cluster")
        }
        defer { deliverAppended() }
        return try locked {
            guard pending.isEmpty else {
                throw LedgerError.conflict("\(pending.count) submitted transactions wait to be sealed; seal them first")
            }
            guard !transactions.isEmpty else { throw LedgerError.invalidInput("a block needs at least one transaction") }
            try submitLocked(transactions)
            do {
                guard let block = try sealLocked(by: sealer, maxTransactions: transactions.count, allOrNothing: true)?.block else {
                    throw LedgerError.conflict("the transactions were refused after another writer appended")
                }
                return block
            } catch {
                // Nothing was appended: leave nothing queued either.
                pending.removeAll()
                pendingState = state
                throw error
            }
        }
    }

    /// The most transactions one block may hold.
    public static let maxBlockTransactions = 100_000

    public struct SealResult: Sendable {
        /// The new block; nil if every pending transaction was dropped.
        public let block: Block?
        public let dropped: [RejectedTransaction]
    }

    private func buildBlock(_ batch: [SignedTransaction], sealer: Identity) throws -> (Block, ChainState) {
        var next = state
        next.clearChangedMembers()
        let height = state.height + 1
        // Block time strictly increases even if the clock steps back or two
        // blocks fall in one millisecond.
        let time = max(LedgerClock.nowMillis(), state.tipTime + 1)
        for (i, tx) in batch.enumerated() {
            do {
                _ = try next.apply(tx, height: height, blockTime: time)
            } catch let error as LedgerError {
                throw RejectedTransaction(index: i, transactionID: tx.id, reason: error)
            }
        }
        let leafHashes = batch.map(\.id)
        let header = try BlockHeader(chainID: state.chainID, height: height, previousHash: state.tipHash,
                                     merkleRoot: MerkleTree.root(leafHashes: leafHashes),
                                     transactionCount: UInt32(batch.count), time: time, sealer: sealer.memberID)
        let seal = try header.seal(with: sealer.key)
        // Judge our own header as a verifier will, including the seal, so a
        // sealer that is not a validator (or signs with the wrong key) never
        // writes a block the chain would refuse. The seal was remembered as
        // made by the sealer's key: under the member's registered key it is
        // not verified again, under any other key it is and fails.
        let sealCheck = try state.checkHeader(header, seal: seal, leafHashes: leafHashes)
        guard sealCheck.isValid(remembering: .shared) else { throw sealCheck.failure }
        next.advance(to: header)
        return (Block(header: header, seal: seal, genesis: nil, transactions: batch), next)
    }

    private func commit(_ block: Block, _ next: ChainState) -> BlockCommit {
        BlockCommit(block: block.stored,
                    index: block.transactions.enumerated().map { IndexEntry($1, height: block.height, position: $0) },
                    changedMembers: next.changedMembers.sorted().compactMap { next.members[$0] })
    }

    /// Reloads the state if another writer appended; judges the pending
    /// transactions again on top and returns the ones now refused.
    @discardableResult
    private func refreshIfStale() throws -> [RejectedTransaction] {
        guard try store.tipHeight() != state.height else { return [] }
        state = try Self.loadState(from: store)
        return rejudgePending()
    }

    // MARK: Reading blocks, verifying, maintaining views

    public func block(at height: UInt64) throws -> Block {
        guard let stored = try locked({ try store.block(at: height) }) else {
            throw LedgerError.notFound("no block at height \(height)")
        }
        return try Block(decoding: stored)
    }

    /// Replays the whole chain from its genesis block with every rule.
    public func verify(checkViews: Bool = true, expecting reference: BlockReference? = nil) -> VerificationReport {
        locked { Self.verify(store: store, checkViews: checkViews, expecting: reference) }
    }

    /// Start-up verification from a verified tip: every block is decoded and
    /// judged by every rule and the hash chain must reach `verified`, but
    /// signatures are checked only in the blocks above it (`ChainVerifier.signaturesAbove`).
    public func verify(incrementallyFrom verified: BlockReference) -> VerificationReport {
        locked {
            ChainVerifier(store: store, checkViews: false, expected: verified, signaturesAbove: verified.height).run().report
        }
    }

    /// Verifies a store without opening a `Chain`, so that a chain too
    /// damaged to open still gets a report naming the first bad height.
    /// With `reference`, the chain must also contain that block, which
    /// catches the deletion of the newest blocks.
    public static func verify(store: LedgerStore, checkViews: Bool = true,
                              expecting reference: BlockReference? = nil) -> VerificationReport {
        ChainVerifier(store: store, checkViews: checkViews, expected: reference).run().report
    }

    /// Rebuilds the query and member views by replaying the verified chain.
    public func rebuildViews() throws {
        try locked {
            try Self.rebuildViews(of: store)
            state = try Self.loadState(from: store)
            pendingState = state
            pending.removeAll()
        }
    }

    private static func rebuildViews(of store: LedgerStore) throws {
        try store.replaceViews { emit in
            try withoutActuallyEscaping(emit) { emit in
                var verifier = ChainVerifier(store: store, checkViews: false)
                verifier.onBlock = { block, _ in
                    try emit(block.transactions.enumerated().map { IndexEntry($1, height: block.height, position: $0) })
                }
                let (report, state) = verifier.run()
                guard let state else {
                    throw LedgerError.brokenChain("cannot rebuild views of an invalid chain: \(report.failure?.description ?? "no genesis")")
                }
                return state.members.values.sorted { $0.member.id < $1.member.id }
            }
        }
    }

    func withStore<T>(_ body: (LedgerStore) throws -> T) throws -> T { try locked { try body(store) } }

    /// Up to `limit` stored blocks from `height` on, as stored (for replicas and auditors).
    public func storedBlocks(from height: UInt64, limit: Int) throws -> [StoredBlock] {
        try withStore { try $0.blocks(from: height, limit: limit) }
    }
}

/// The chain's state as of its last stored block, readable while the next
/// block is being written.
private final class SealedState: @unchecked Sendable {
    // @unchecked Sendable: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value: ChainState

    init(_ state: ChainState) { value = state }

    /// A copy (copy-on-write: the dictionaries are shared, not copied).
    var state: ChainState { lock.withLock { value } }

    func set(_ state: ChainState) { lock.withLock { value = state } }
}
