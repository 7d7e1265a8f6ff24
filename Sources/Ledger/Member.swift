import VaultSupport
/// What a member may do on the chain. Encoded as one bit each of a byte.
public enum Role: UInt8, CaseIterable, Sendable, Comparable, Codable {
    case admin = 0
    case authority = 1
    case provider = 2
    case clinician = 3
    case auditor = 4
    case validator = 5

    public var name: String {
        switch self {
        case .admin: "admin"
        case .authority: "authority"
        case .provider: "provider"
        case .clinician: "clinician"
        case .auditor: "auditor"
        case .validator: "validator"
        }
    }

    public init?(name: String) {
        guard let role = Role.allCases.first(where: { $0.name == name }) else { return nil }
        self = role
    }

    public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }

    /// Bit mask of a role set; the canonical encoding of roles.
    public static func mask(_ roles: Set<Role>) -> UInt8 {
        roles.reduce(0) { $0 | (1 << $1.rawValue) }
    }

    /// The role set of a mask; refuses an empty set and unknown bits.
    public static func roles(fromMask mask: UInt8) throws -> Set<Role> {
        let known = Role.mask(Set(Role.allCases))
        guard mask != 0 else { throw LedgerError.malformedEncoding("a member has no role") }
        guard mask & ~known == 0 else {
            throw LedgerError.malformedEncoding("unknown role bits 0x\(Hex.encode([mask & ~known]))")
        }
        return Set(Role.allCases.filter { mask & (1 << $0.rawValue) != 0 })
    }
}

/// An organisation-scoped identity allowed to act on the chain.
public struct Member: Hashable, Sendable {
    public let id: String
    public let organisation: String
    public let roles: Set<Role>
    public let publicKey: PublicKey

    public init(id: String, organisation: String, roles: Set<Role>, publicKey: PublicKey) throws {
        try Text.checkMemberID(id)
        try Text.checkText(organisation, what: "organisation", maxBytes: 128)
        guard !roles.isEmpty else { throw LedgerError.invalidInput("member '\(id)' has no role") }
        self.id = id
        self.organisation = organisation
        self.roles = roles
        self.publicKey = publicKey
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// Roles in a stable order, for display.
    public var sortedRoles: [Role] { roles.sorted() }
}

extension Member: CanonicalCodable {
    func encode(to w: inout CanonicalWriter) {
        w.string(id)
        w.string(organisation)
        w.u8(Role.mask(roles))
        w.fixed(publicKey.rawBytes)
    }

    static func decode(from r: inout CanonicalReader) throws -> Member {
        let id = try r.string()
        let organisation = try r.string()
        let roles = try Role.roles(fromMask: r.u8())
        let key = try PublicKey(rawBytes: r.fixed(PublicKey.byteCount))
        return try decodingRule { try Member(id: id, organisation: organisation, roles: roles, publicKey: key) }
    }
}

/// What the chain knows about a member over time: when it joined, when (if
/// ever) it was removed, and the last nonce it used.
public struct MemberRecord: Hashable, Sendable {
    public let member: Member
    public let addedAt: UInt64
    public internal(set) var removedAt: UInt64?
    public internal(set) var lastNonce: UInt64?

    public init(member: Member, addedAt: UInt64, removedAt: UInt64? = nil, lastNonce: UInt64? = nil) {
        self.member = member
        self.addedAt = addedAt
        self.removedAt = removedAt
        self.lastNonce = lastNonce
    }

    public var isActive: Bool { removedAt == nil }
}
