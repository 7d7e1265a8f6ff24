/// The configuration fixed by the genesis block: the chain's name, its
/// initial members and its governance rule. The chain id is its hash, and
/// every transaction and header names the chain id, so nothing signed for one
/// chain is valid on another.
public struct GenesisConfig: Hashable, Sendable {
    public let chainName: String
    /// Milliseconds since the Unix epoch.
    public let createdAt: UInt64
    /// 16 random bytes, so two chains created alike still differ.
    public let salt: [UInt8]
    public let rule: Governance.Rule
    /// Sorted by member id.
    public let members: [Member]

    /// The most members a genesis block may list. The genesis holds the
    /// founding members (admins, validators, the first providers); everyone
    /// else joins by `MemberAdded` under governance. At 10,000, refusing a
    /// genesis whose last member was out of order took 20 ms and a members
    /// file for it 70 ms (`vault bench hostile`); 1,000 bounds both by a tenth.
    public static let maxMembers = 1_000

    public init(chainName: String, createdAt: UInt64, salt: [UInt8], rule: Governance.Rule = .adminMajority,
                members: [Member]) throws {
        try Text.checkText(chainName, what: "chain name", maxBytes: 128)
        guard salt.count == 16 else { throw LedgerError.invalidInput("genesis salt must have 16 bytes") }
        guard members.count <= Self.maxMembers else {
            throw LedgerError.invalidInput("a genesis lists at most \(Self.maxMembers) members, not \(members.count); add more with `vault member add`")
        }
        let sorted = members.sorted { $0.id < $1.id }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.id == b.id {
            throw LedgerError.invalidInput("member id '\(a.id)' appears twice")
        }
        guard Set(sorted.map(\.publicKey)).count == sorted.count else {
            throw LedgerError.invalidInput("two members share one public key")
        }
        guard sorted.contains(where: { $0.has(.admin) }) else {
            throw LedgerError.invalidInput("the initial members include no admin")
        }
        guard sorted.contains(where: { $0.has(.validator) }) else {
            throw LedgerError.invalidInput("the initial members include no validator, so no block could be sealed")
        }
        self.chainName = chainName
        self.createdAt = createdAt
        self.salt = salt
        self.rule = rule
        self.members = sorted
    }

    public var chainID: Digest32 { SHA256.hash(canonicalBytes) }
}

extension GenesisConfig: CanonicalCodable {
    func encode(to w: inout CanonicalWriter) {
        w.u8(EncodingTag.genesis)
        w.u8(EncodingTag.version)
        w.string(chainName)
        w.u64(createdAt)
        w.fixed(salt)
        w.u8(rule.rawValue)
        w.u32(UInt32(members.count))
        for m in members { m.encode(to: &w) }
    }

    static func decode(from r: inout CanonicalReader) throws -> GenesisConfig {
        try r.expectTag(EncodingTag.genesis, "genesis configuration")
        try expectVersion(&r)
        let name = try r.string(max: 128)
        let createdAt = try r.u64()
        let salt = try r.fixed(16)
        let rawRule = try r.u8()
        guard let rule = Governance.Rule(rawValue: rawRule) else {
            throw LedgerError.malformedEncoding("unknown governance rule \(rawRule)")
        }
        let count = try r.count(minElementBytes: 4 + 1 + 4 + 1 + 32, limit: maxMembers)
        var members: [Member] = []
        for _ in 0..<count {
            let m = try Member.decode(from: &r)
            if let previous = members.last, !(previous.id < m.id) {
                throw LedgerError.malformedEncoding("genesis members are not in strictly ascending id order")
            }
            members.append(m)
        }
        return try decodingRule {
            try GenesisConfig(chainName: name, createdAt: createdAt, salt: salt, rule: rule, members: members)
        }
    }
}
