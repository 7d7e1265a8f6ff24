import Foundation
import VaultSupport

/// Evidence that a transaction is in a block: the transaction, the block
/// header and seal, and the RFC 6962 audit path from the transaction's leaf to
/// the header's Merkle root. It travels as JSON (`vault chain prove`).
public struct InclusionProof: Codable, Sendable, Equatable {
    public let chainID: String
    public let height: UInt64
    /// Hex of the canonical block header.
    public let header: String
    /// Hex of the sealer's signature over the header.
    public let seal: String
    /// Hex of the canonical signed transaction.
    public let transaction: String
    public let leafIndex: UInt64
    public let treeSize: UInt64
    /// Sibling hashes, nearest the leaf first.
    public let auditPath: [String]

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id", height, header, seal, transaction
        case leafIndex = "leaf_index", treeSize = "tree_size", auditPath = "audit_path"
    }

    /// What a proof establishes once its Merkle path checks out.
    public struct Checked: Sendable {
        public let transaction: SignedTransaction
        public let header: BlockHeader
        public let seal: [UInt8]
    }

    /// Checks the proof on its own: the transaction and header decode
    /// strictly, name the same chain and height, and the audit path leads
    /// from the transaction's leaf to the header's Merkle root. This does not
    /// say the header belongs to a valid chain; `Chain.check(_:)` does.
    public func check() throws -> Checked {
        guard let headerBytes = Hex.decode(header), let txBytes = Hex.decode(transaction),
              let sealBytes = Hex.decode(seal) else {
            throw LedgerError.malformedEncoding("the proof holds a field that is not hexadecimal")
        }
        let decodedHeader = try BlockHeader.decode(canonical: headerBytes)
        let tx = try SignedTransaction(encoded: txBytes)
        let path = try auditPath.map { text -> Digest32 in
            guard let d = Digest32(hex: text) else {
                throw LedgerError.malformedEncoding("audit path entry '\(text.prefix(16))…' is not a 32-byte hex hash")
            }
            return d
        }
        guard decodedHeader.chainID.hex == chainID.lowercased(), tx.body.chainID == decodedHeader.chainID else {
            throw LedgerError.invalidInput("the proof's chain id, header and transaction disagree")
        }
        guard decodedHeader.height == height else {
            throw LedgerError.invalidInput("the proof says height \(height) but its header is for height \(decodedHeader.height)")
        }
        guard treeSize == UInt64(decodedHeader.transactionCount) else {
            throw LedgerError.invalidInput("the proof's tree size \(treeSize) is not the header's transaction count \(decodedHeader.transactionCount)")
        }
        guard MerkleTree.verifyInclusion(leafHash: MerkleTree.leafHash(txBytes), index: leafIndex, treeSize: treeSize,
                                         path: path, root: decodedHeader.merkleRoot) else {
            throw LedgerError.invalidInput("the audit path does not lead from the transaction to the header's Merkle root")
        }
        return Checked(transaction: tx, header: decodedHeader, seal: sealBytes)
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public static func decode(json: Data) throws -> InclusionProof {
        do {
            return try JSONDecoder().decode(InclusionProof.self, from: json)
        } catch {
            throw LedgerError.invalidInput("not an inclusion proof: \(error.localizedDescription)")
        }
    }
}

extension Chain {
    /// Builds the inclusion proof of transaction `id`.
    public func proveInclusion(of id: Digest32) throws -> InclusionProof {
        let (location, stored) = try withStore { store -> (IndexEntry, StoredBlock?) in
            guard let location = try store.locate(transaction: id) else {
                throw LedgerError.notFound("no transaction \(id.hex) on this chain")
            }
            return (location, try store.block(at: location.height))
        }
        guard let stored else { throw LedgerError.notFound("block \(location.height) is missing") }
        let block = try Block(decoding: stored)
        guard location.position < block.transactions.count, block.transactions[location.position].id == id else {
            throw LedgerError.storage("the transaction index is stale; run `vault chain reindex`")
        }
        return try block.inclusionProof(ofTransactionAt: location.position)
    }

    /// Checks a proof against this chain: the Merkle path, then that the
    /// header is the one this chain holds at that height and that its seal
    /// is valid under the sealer's key.
    public func check(_ proof: InclusionProof) throws -> InclusionProof.Checked {
        let checked = try proof.check()
        guard checked.header.chainID == chainID else {
            throw LedgerError.invalidInput("the proof is for chain \(checked.header.chainID.hex), not this chain \(chainID.hex)")
        }
        let local = try block(at: checked.header.height)
        guard local.header == checked.header else {
            throw LedgerError.invalidInput("the proof's header differs from this chain's block \(checked.header.height)")
        }
        guard let sealer = memberRecord(checked.header.sealer) else {
            throw LedgerError.unknownMember(checked.header.sealer)
        }
        guard sealer.member.publicKey.isValidSignature(checked.seal, for: checked.header.canonicalBytes) else {
            throw LedgerError.badSignature("seal of block \(checked.header.height) by '\(sealer.member.id)'")
        }
        return checked
    }
}
