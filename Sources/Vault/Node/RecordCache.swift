import Foundation
import Ledger

/// What a read needs of a record's chain history, kept in memory: its
/// current anchor and that anchor's inclusion proof. Without it every read
/// ran an index query, decoded the record's transactions, read the anchor's
/// whole block back and rebuilt its Merkle path.
///
/// The commit thread fills it from each block it seals (`sealed`), so a
/// record is cached from the moment it is anchored; a consent change
/// replaces the entry, an erasure removes it. A miss (after a restart) is
/// looked up in the chain under the cache's lock (`anchor(of:lookup:)`), so a
/// lookup that raced a seal never leaves a stale entry behind: the seal's
/// update waits for the lock and comes after it.
final class RecordCache: @unchecked Sendable {
    // @unchecked Sendable: `entries` is guarded by `lock`.
    struct Entry {
        let anchor: RecordAnchored
        let transaction: SignedTransaction
        /// Filled at seal time; nil for entries looked up after a restart.
        var proof: InclusionProof?
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Entries beyond this are dropped all at once (then refilled by reads).
    let capacity: Int

    init(capacity: Int = 50_000) { self.capacity = capacity }

    /// The cached entry, or `lookup`'s answer, remembered.
    func anchor(of id: String, lookup: () throws -> (RecordAnchored, SignedTransaction)) throws -> Entry {
        try lock.withLock {
            if let hit = entries[id] { return hit }
            let (anchor, tx) = try lookup()
            let entry = Entry(anchor: anchor, transaction: tx, proof: nil)
            store(entry, for: id)
            return entry
        }
    }

    /// Remembers a proof computed for an entry looked up after a restart.
    func remember(_ proof: InclusionProof, for id: String, transaction: Digest32) {
        lock.withLock {
            if entries[id]?.transaction.id == transaction { entries[id]?.proof = proof }
        }
    }

    /// Takes in a sealed block: anchors become current with their proofs,
    /// erasures are forgotten.
    func sealed(_ block: Block) {
        var updates: [(String, Entry?)] = []
        var proofs: [InclusionProof]?
        for (position, tx) in block.transactions.enumerated() {
            switch tx.body.payload {
            case .recordAnchored(let anchor):
                if proofs == nil { proofs = block.inclusionProofs() }
                updates.append((anchor.recordID, Entry(anchor: anchor, transaction: tx, proof: proofs?[position])))
            case .recordErased(let erased):
                updates.append((erased.recordID, nil))
            default:
                break
            }
        }
        guard !updates.isEmpty else { return }
        lock.withLock {
            for (id, entry) in updates {
                if let entry { store(entry, for: id) } else { entries[id] = nil }
            }
        }
    }

    private func store(_ entry: Entry, for id: String) {
        if entries.count >= capacity && entries[id] == nil { entries.removeAll(keepingCapacity: true) }
        entries[id] = entry
    }
}
