import VaultSupport

/// A block header. Its hash links the next block; the sealer's signature
/// over the encoded header is kept beside it, outside the hashed bytes.
///
///     'H' 0x01 chainID[32] height:u64 previousHash[32] merkleRoot[32] count:u32 time:u64 sealer:str
public struct BlockHeader: Hashable, Sendable {
    public let chainID: Digest32
    public let height: UInt64
    /// Hash of the previous header; all zero at height 0.
    public let previousHash: Digest32
    /// RFC 6962 root over the encoded transactions (over the genesis configuration at height 0).
    public let merkleRoot: Digest32
    public let transactionCount: UInt32
    /// Milliseconds since the Unix epoch; strictly increasing along the chain.
    public let time: UInt64
    /// Member id of the validator that sealed the block.
    public let sealer: String

    public init(chainID: Digest32, height: UInt64, previousHash: Digest32, merkleRoot: Digest32,
                transactionCount: UInt32, time: UInt64, sealer: String) throws {
        try Text.checkMemberID(sealer)
        self.chainID = chainID
        self.height = height
        self.previousHash = previousHash
        self.merkleRoot = merkleRoot
        self.transactionCount = transactionCount
        self.time = time
        self.sealer = sealer
    }

    public var hash: Digest32 { SHA256.hash(canonicalBytes) }

    /// The sealer signs the encoded header; its first byte 'H' keeps that
    /// signature apart from transaction and approval signatures.
    public func seal(with key: SigningKey) throws -> [UInt8] { try key.sign(canonicalBytes) }

    /// Whether `seal` is `key`'s signature over this header.
    public func isSealed(by key: PublicKey, seal: [UInt8]) -> Bool { key.isValidSignature(seal, for: canonicalBytes) }
}

extension BlockHeader: CanonicalCodable {
    func encode(to w: inout CanonicalWriter) {
        w.u8(EncodingTag.blockHeader)
        w.u8(EncodingTag.version)
        w.digest(chainID)
        w.u64(height)
        w.digest(previousHash)
        w.digest(merkleRoot)
        w.u32(transactionCount)
        w.u64(time)
        w.string(sealer)
    }

    static func decode(from r: inout CanonicalReader) throws -> BlockHeader {
        try r.expectTag(EncodingTag.blockHeader, "block header")
        try expectVersion(&r)
        let chainID = try r.digest()
        let height = try r.u64()
        let previous = try r.digest()
        let root = try r.digest()
        let count = try r.u32()
        let time = try r.u64()
        let sealer = try r.string(max: 64)
        return try decodingRule {
            try BlockHeader(chainID: chainID, height: height, previousHash: previous, merkleRoot: root,
                            transactionCount: count, time: time, sealer: sealer)
        }
    }
}

/// A decoded block. Height 0 carries the genesis configuration as its only
/// Merkle leaf; every later block carries signed transactions.
public struct Block: Sendable {
    public let header: BlockHeader
    /// The sealer's Ed25519 signature over the encoded header.
    public let seal: [UInt8]
    public let genesis: GenesisConfig?
    public let transactions: [SignedTransaction]

    public var height: UInt64 { header.height }
    public var hash: Digest32 { header.hash }

    /// The Merkle leaves of the block, as stored.
    var leaves: [[UInt8]] {
        if let genesis { return [genesis.canonicalBytes] }
        return transactions.map(\.encoded)
    }

    /// The leaf hashes: the transaction ids, or the genesis configuration's leaf.
    var leafHashes: [Digest32] {
        if let genesis { return [MerkleTree.leafHash(genesis.canonicalBytes)] }
        return transactions.map(\.id)
    }

    /// The stored form: encoded header, seal and one entry per leaf.
    var stored: StoredBlock {
        StoredBlock(height: header.height, header: header.canonicalBytes, seal: seal, entries: leaves)
    }

    /// Decodes a stored block strictly; `height` is where the store keeps it.
    /// Only structural problems are found here; `ChainState` judges the rest.
    public init(decoding stored: StoredBlock) throws {
        let header = try BlockHeader.decode(canonical: stored.header)
        guard stored.seal.count == PublicKey.signatureByteCount else {
            throw LedgerError.malformedEncoding("the seal has \(stored.seal.count) bytes, not 64")
        }
        if header.height == 0 {
            guard stored.entries.count == 1 else {
                throw LedgerError.malformedEncoding("the genesis block holds \(stored.entries.count) entries, not 1")
            }
            self.genesis = try GenesisConfig.decode(canonical: stored.entries[0])
            self.transactions = []
        } else {
            self.genesis = nil
            // Counts first: the header says how many entries there are.
            guard stored.entries.count == Int(header.transactionCount), stored.entries.count <= Chain.maxBlockTransactions else {
                throw LedgerError.brokenChain("the header counts \(header.transactionCount) transactions but \(stored.entries.count) are stored")
            }
            var transactions: [SignedTransaction] = []
            transactions.reserveCapacity(stored.entries.count)
            for (position, bytes) in stored.entries.enumerated() {
                do {
                    transactions.append(try SignedTransaction(encoded: bytes))
                } catch let error as LedgerError {
                    throw LedgerError.malformedEncoding("transaction \(position): \(error.description)")
                }
            }
            self.transactions = transactions
        }
        self.header = header
        self.seal = stored.seal
    }

    init(header: BlockHeader, seal: [UInt8], genesis: GenesisConfig?, transactions: [SignedTransaction]) {
        self.header = header
        self.seal = seal
        self.genesis = genesis
        self.transactions = transactions
    }
}

/// A block as a store keeps it: raw bytes, decoded only by the ledger, so a
/// store never has to be trusted to have parsed anything.
public struct StoredBlock: Sendable, Equatable {
    public let height: UInt64
    public let header: [UInt8]
    public let seal: [UInt8]
    /// Merkle leaves in order: encoded transactions, or the genesis configuration.
    public let entries: [[UInt8]]

    public init(height: UInt64, header: [UInt8], seal: [UInt8], entries: [[UInt8]]) {
        self.height = height
        self.header = header
        self.seal = seal
        self.entries = entries
    }
}

extension Block {
    /// The RFC 6962 inclusion proof of the transaction at `position`: a
    /// sealed block never changes, so a node may compute it once, when the
    /// block is sealed, and serve it to every reader.
    public func inclusionProof(ofTransactionAt position: Int) throws -> InclusionProof {
        guard transactions.indices.contains(position) else {
            throw LedgerError.notFound("block \(height) has no transaction at position \(position)")
        }
        return proof(at: position, path: try MerkleTree.auditPath(index: position, leafHashes: leafHashes),
                     header: Hex.encode(header.canonicalBytes), seal: Hex.encode(seal))
    }

    /// Every transaction's inclusion proof, in block order, from one build of
    /// the Merkle tree and one encoding of the header and seal.
    public func inclusionProofs() -> [InclusionProof] {
        let header = Hex.encode(header.canonicalBytes), seal = Hex.encode(seal)
        return MerkleTree.auditPaths(leafHashes: leafHashes).enumerated().map {
            proof(at: $0.offset, path: $0.element, header: header, seal: seal)
        }
    }

    private func proof(at position: Int, path: [Digest32], header: String, seal: String) -> InclusionProof {
        InclusionProof(chainID: self.header.chainID.hex, height: height, header: header, seal: seal,
                       transaction: Hex.encode(transactions[position].encoded),
                       leafIndex: UInt64(position), treeSize: UInt64(transactions.count),
                       auditPath: path.map(\.hex))
    }
}
