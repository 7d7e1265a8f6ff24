/// JSON-ready descriptions of blocks and transactions for `vault chain show`.
public struct BlockSummary: Codable, Sendable {
    public struct GenesisSummary: Codable, Sendable {
        public let chainName: String
        public let governance: String
        public let members: [MembersFile.Entry]

        enum CodingKeys: String, CodingKey {
            case governance, members
            case chainName = "chain_name"
        }
    }

    public struct TransactionSummary: Codable, Sendable {
        public let id: String
        public let submitter: String
        public let nonce: UInt64
        public let time: String
        public let payload: PayloadDocument
    }

    public let height: UInt64
    public let hash: String
    public let previousHash: String
    public let merkleRoot: String
    public let chainID: String
    public let time: String
    public let timeMillis: UInt64
    public let sealer: String
    public let transactionCount: UInt32
    public let genesis: GenesisSummary?
    public let transactions: [TransactionSummary]

    enum CodingKeys: String, CodingKey {
        case height, hash, time, sealer, genesis, transactions
        case previousHash = "previous_hash", merkleRoot = "merkle_root", chainID = "chain_id"
        case timeMillis = "time_ms", transactionCount = "transaction_count"
    }

    public init(_ block: Block) {
        let h = block.header
        height = h.height
        hash = block.hash.hex
        previousHash = h.previousHash.hex
        merkleRoot = h.merkleRoot.hex
        chainID = h.chainID.hex
        time = AuditEvent.iso8601(h.time)
        timeMillis = h.time
        sealer = h.sealer
        transactionCount = h.transactionCount
        genesis = block.genesis.map {
            GenesisSummary(chainName: $0.chainName, governance: $0.rule.name,
                           members: $0.members.map(MembersFile.Entry.init))
        }
        transactions = block.transactions.map {
            TransactionSummary(id: $0.id.hex, submitter: $0.body.submitter, nonce: $0.body.nonce,
                               time: AuditEvent.iso8601($0.body.time), payload: PayloadDocument($0.body.payload))
        }
    }
}

extension Chain {
    /// Decoded blocks from `height` on, at most `limit`.
    public func blocks(from height: UInt64, limit: Int) throws -> [Block] {
        try withStore { try $0.blocks(from: height, limit: limit) }.map(Block.init(decoding:))
    }
}
