/// What validation needs to judge the next block: the tip, the members with
/// their history and last nonces. It is derived entirely from the blocks, so
/// it can always be rebuilt by replaying them.
public struct ChainState: Sendable {
    public let genesis: GenesisConfig
    public let chainID: Digest32
    public private(set) var height: UInt64
    public private(set) var tipHash: Digest32
    public private(set) var tipTime: UInt64
    /// Every member the chain ever had, removed ones included (ids are never reused).
    public private(set) var members: [String: MemberRecord]
    /// Members whose record changed since `clearChangedMembers()`; lets a
    /// store update only those rows of its member view.
    private(set) var changedMembers: Set<String> = []

    /// How far a transaction's claimed time may run ahead of its block's time.
    public static let maxClockSkewMillis: UInt64 = 5 * 60 * 1000

    /// The state right after a genesis block (whose header and seal the caller has checked).
    init(genesis: GenesisConfig, header: BlockHeader) {
        self.genesis = genesis
        self.chainID = genesis.chainID
        self.height = header.height
        self.tipHash = header.hash
        self.tipTime = header.time
        var members: [String: MemberRecord] = [:]
        for m in genesis.members { members[m.id] = MemberRecord(member: m, addedAt: 0) }
        self.members = members
        self.changedMembers = Set(members.keys)
    }

    /// A state restored from a store's member view, checked for consistency
    /// with the genesis configuration by the caller.
    init(genesis: GenesisConfig, tip: BlockHeader, members: [MemberRecord]) {
        self.genesis = genesis
        self.chainID = genesis.chainID
        self.height = tip.height
        self.tipHash = tip.hash
        self.tipTime = tip.time
        self.members = Dictionary(members.map { ($0.member.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public var activeMembers: [MemberRecord] {
        members.values.filter(\.isActive).sorted { $0.member.id < $1.member.id }
    }

    var activeAdminCount: Int { members.values.count { $0.isActive && $0.member.has(.admin) } }
    var activeValidatorCount: Int { members.values.count { $0.isActive && $0.member.has(.validator) } }

    /// The active member `id`, or the refusal that names why it may not act.
    func activeMember(_ id: String) throws -> Member {
        guard let record = members[id] else { throw LedgerError.unknownMember(id) }
        if let removedAt = record.removedAt { throw LedgerError.memberRemoved(id, removedAt: removedAt) }
        return record.member
    }

    /// The next nonce that `memberID` may use.
    public func nextNonce(for memberID: String) -> UInt64 {
        guard let last = members[memberID]?.lastNonce else { return 1 }
        return last &+ 1
    }

    mutating func clearChangedMembers() { changedMembers.removeAll() }

    mutating func recordNonce(_ nonce: UInt64, of memberID: String) {
        members[memberID]?.lastNonce = nonce
        changedMembers.insert(memberID)
    }

    mutating func add(_ member: Member, at height: UInt64) {
        members[member.id] = MemberRecord(member: member, addedAt: height)
        changedMembers.insert(member.id)
    }

    mutating func remove(_ memberID: String, at height: UInt64) {
        members[memberID]?.removedAt = height
        changedMembers.insert(memberID)
    }

    mutating func advance(to header: BlockHeader) {
        height = header.height
        tipHash = header.hash
        tipTime = header.time
    }
}
