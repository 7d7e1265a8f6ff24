import Foundation

/// Where and why a chain is invalid.
public struct VerificationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first height at which the chain breaks.
    public let height: UInt64
    /// The transaction's position in the block, when one transaction is at fault.
    public let position: Int?
    public let reason: LedgerError

    public init(height: UInt64, position: Int?, reason: LedgerError) {
        self.height = height
        self.position = position
        self.reason = reason
    }

    public var description: String {
        let place = position.map { "height \(height), transaction \($0)" } ?? "height \(height)"
        return "\(place): \(reason.description)"
    }

    var order: SignatureVerifier.Order { .init(height: height, position: position) }
}

/// A block a verifier must find: a height and hash recorded earlier (for
/// instance the tip printed by a previous `vault chain verify`) or published
/// elsewhere. Without one, deleting the newest blocks of a chain leaves a
/// shorter chain that is valid in itself.
public struct BlockReference: Sendable, Equatable, CustomStringConvertible {
    public let height: UInt64
    public let hash: Digest32

    public init(height: UInt64, hash: Digest32) {
        self.height = height
        self.hash = hash
    }

    /// Parses "HEIGHT:HASH".
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let height = UInt64(parts[0]), let hash = Digest32(hex: String(parts[1])) else {
            throw LedgerError.invalidInput("'\(text)' is not HEIGHT:HASH (a block height and its 64-hex-digit hash)")
        }
        self.init(height: height, hash: hash)
    }

    public var description: String { "\(height):\(hash.hex)" }
}

/// The outcome of replaying a whole chain.
public struct VerificationReport: Sendable {
    /// Blocks that passed, genesis included.
    public let blocksVerified: Int
    /// Transactions (not counting genesis) in the blocks that passed.
    public let transactionsVerified: Int
    public let tipHeight: UInt64?
    public let tipHash: Digest32?
    public let failure: VerificationFailure?
    /// Set when the chain is valid but the query view disagrees with it
    /// (repair with `Chain.rebuildViews()` / `vault chain reindex`).
    public let viewProblem: String?

    public var isValid: Bool { failure == nil }
}

/// Replays a chain from its genesis block, applying exactly the rules used
/// on append. Everything but signatures is judged block by block in order on
/// the calling thread; signatures are checked meanwhile on all cores, and the
/// first failure by (height, position) is the one reported.
struct ChainVerifier {
    let store: LedgerStore
    var checkViews = true
    /// A block that must be part of the chain.
    var expected: BlockReference?
    /// Signatures are checked only above this height (incremental start-up
    /// verification): blocks up to the `expected` block were verified when
    /// written, and the hash chain from genesis to the expected hash commits
    /// to their bytes, so every other rule is still replayed and checked
    /// for them, but their Ed25519 signatures, nearly all of the cost, are not.
    var signaturesAbove: UInt64?
    /// Called for each block that passed its ordered checks (signatures of
    /// the current window may still be pending).
    var onBlock: ((Block, ChainState) throws -> Void)?

    func run() -> (report: VerificationReport, state: ChainState?) {
        var state: ChainState?
        let signatures = SignatureVerifier()
        var failure: VerificationFailure?
        var viewProblem: String?
        var blocks = 0, transactions = 0
        /// Transactions in the blocks below each height, to report how much passed before a failure.
        var transactionsBelow: [Int] = [0]
        var expectedHeight: UInt64 = 0
        var referenceHash: Digest32?

        reading: while failure == nil {
            let batch: [StoredBlock]
            do {
                batch = try store.blocks(from: expectedHeight, limit: 64)
            } catch {
                failure = VerificationFailure(height: expectedHeight, position: nil, reason: Self.asLedgerError(error))
                break
            }
            if batch.isEmpty { break }
            for stored in batch {
                guard stored.height == expectedHeight else {
                    failure = VerificationFailure(height: expectedHeight, position: nil, reason: .brokenChain(
                        "block \(expectedHeight) is missing (the next stored block is at height \(stored.height))"))
                    break reading
                }
                do {
                    let block = try verifyOrdered(stored, state: &state, signatures: signatures)
                    if checkViews, viewProblem == nil { viewProblem = try indexMismatch(block) }
                    if let state { try onBlock?(block, state) }
                    if block.height == expected?.height { referenceHash = block.hash }
                    blocks += 1
                    transactions += block.transactions.count
                    transactionsBelow.append(transactions)
                } catch let f as VerificationFailure {
                    failure = f
                    break reading
                } catch {
                    failure = VerificationFailure(height: stored.height, position: nil, reason: Self.asLedgerError(error))
                    break reading
                }
                expectedHeight += 1
            }
        }
        if let (order, check) = signatures.finish() {
            let found = VerificationFailure(height: order.height, position: order.position, reason: check.failure)
            if failure.map({ found.order < $0.order }) ?? true { failure = found }
        }
        if let reference = expected, failure == nil || reference.height < failure?.height ?? 0 {
            if let found = referenceHash, found != reference.hash {
                failure = VerificationFailure(height: reference.height, position: nil, reason: .brokenChain(
                    "block \(reference.height) has hash \(found.hex), not the expected \(reference.hash.hex)"))
            } else if referenceHash == nil, failure == nil {
                failure = VerificationFailure(height: reference.height, position: nil, reason: .brokenChain(
                    "block \(reference.height) is missing: the chain ends at height \(state?.height ?? 0)"))
            }
        }
        if state == nil, failure == nil {
            failure = VerificationFailure(height: 0, position: nil, reason: .notFound("the store holds no genesis block"))
        }
        if let failure {
            // Blocks counted after the failing height did not really pass.
            let below = transactionsBelow[min(Int(failure.height), transactionsBelow.count - 1)]
            return (VerificationReport(blocksVerified: Int(failure.height), transactionsVerified: below,
                                       tipHeight: nil, tipHash: nil, failure: failure, viewProblem: nil), nil)
        }
        if checkViews, viewProblem == nil, let state {
            viewProblem = memberMismatch(state)
        }
        return (VerificationReport(blocksVerified: blocks, transactionsVerified: transactions,
                                   tipHeight: state?.height, tipHash: state?.tipHash, failure: nil,
                                   viewProblem: viewProblem), state)
    }

    /// Decodes and judges one block in order; defers its signatures.
    private func verifyOrdered(_ stored: StoredBlock, state: inout ChainState?,
                               signatures: SignatureVerifier) throws -> Block {
        let height = stored.height
        let block: Block
        do {
            block = try Block(decoding: stored)
        } catch let error as LedgerError {
            throw VerificationFailure(height: height, position: nil, reason: error)
        }
        guard block.header.height == height else {
            throw VerificationFailure(height: height, position: nil, reason: .brokenChain(
                "the block stored at height \(height) claims height \(block.header.height)"))
        }
        guard var current = state else {
            do {
                state = try ChainState.afterGenesis(block)
            } catch let error as LedgerError {
                throw VerificationFailure(height: 0, position: nil, reason: error)
            }
            return block
        }
        do {
            let seal = try current.checkHeader(block.header, seal: block.seal,
                                               leafHashes: block.leafHashes)
            if checksSignatures(at: height) { signatures.add(seal, at: .init(height: height, position: nil)) }
        } catch let error as LedgerError {
            throw VerificationFailure(height: height, position: nil, reason: error)
        }
        for (position, tx) in block.transactions.enumerated() {
            do {
                let checks = try current.apply(tx, height: height, blockTime: block.header.time)
                if checksSignatures(at: height) {
                    for check in checks { signatures.add(check, at: .init(height: height, position: position)) }
                }
            } catch let error as LedgerError {
                throw VerificationFailure(height: height, position: position, reason: error)
            }
        }
        current.advance(to: block.header)
        state = current
        return block
    }

    private func checksSignatures(at height: UInt64) -> Bool {
        guard let trusted = signaturesAbove, let expected, trusted <= expected.height else { return true }
        return height > trusted
    }

    /// Compares the stored index rows of a block with the ones its
    /// transactions imply; describes the first difference.
    private func indexMismatch(_ block: Block) throws -> String? {
        let expected = block.transactions.enumerated().map { IndexEntry($1, height: block.height, position: $0) }
        let stored = try store.indexEntries(atHeight: block.height)
        guard stored == expected else {
            return "the transaction index disagrees with block \(block.height)"
        }
        return nil
    }

    /// Compares the stored member view with the replayed members.
    private func memberMismatch(_ state: ChainState) -> String? {
        guard let stored = try? store.memberRecords() else { return "the member view cannot be read" }
        guard Set(stored) == Set(state.members.values) else {
            return "the member view disagrees with the replayed members"
        }
        return nil
    }

    static func asLedgerError(_ error: Error) -> LedgerError {
        (error as? LedgerError) ?? .storage(String(describing: error))
    }
}

extension Chain {
    /// Verifies blocks fetched from a node the caller does not trust, with
    /// every rule and signature, in a store in memory. The genesis must hash
    /// to `chainID`, the id the caller pinned.
    public static func verify(downloaded blocks: [StoredBlock], chainID: Digest32) throws -> VerificationReport {
        guard let first = blocks.first, first.height == 0 else {
            throw LedgerError.brokenChain("the node sent no genesis block")
        }
        let genesis = try Block(decoding: first)
        guard genesis.genesis?.chainID == chainID else {
            throw LedgerError.brokenChain("the node's genesis hashes to \(genesis.genesis?.chainID.hex ?? "nothing"), not the pinned chain id \(chainID.hex)")
        }
        let store = MemoryLedgerStore()
        for block in blocks {
            try store.append(BlockCommit(block: block, index: [], changedMembers: []))
        }
        return ChainVerifier(store: store, checkViews: false).run().report
    }
}
