/// Size limits, stated so that a policy over them is refused with a message
/// instead of producing a ciphertext nobody wants (or exhausting memory).
public struct PolicyLimits: Hashable, Sendable {
    /// Characters of policy text.
    public var maxCharacters: Int
    /// Nesting of parentheses and thresholds.
    public var maxDepth: Int
    /// LSSS rows after numeric comparisons are compiled to bits. A row costs
    /// 48 bytes (FABEO) or 144 bytes (FAME) of ciphertext, and one or three
    /// points to decode (docs/ABE.md, "Limits").
    public var maxRows: Int

    public init(maxCharacters: Int = 16_384, maxDepth: Int = 64, maxRows: Int = 256) {
        self.maxCharacters = maxCharacters
        self.maxDepth = maxDepth
        self.maxRows = maxRows
    }

    public static let standard = PolicyLimits()
}

/// Everything that decides how policy text is read.
public struct PolicyOptions: Hashable, Sendable {
    public var catalog: AttributeCatalog
    /// Accept attributes (and numeric keys) the catalog does not list.
    public var allowUnknownAttributes: Bool
    public var limits: PolicyLimits
    public var numericEncoding: NumericEncoding
    /// Accept bit attributes (`clearance#b2=1`) written out. Only the
    /// compiler's own output may hold them: a hand-written bit lets a key
    /// hold both values of one bit and satisfy comparisons its value does
    /// not (issue 12), and voids the tuner's proofs, which quantify over keys
    /// the catalog can issue.
    public var allowBitAttributes: Bool

    public init(catalog: AttributeCatalog = .standard, allowUnknownAttributes: Bool = false,
                limits: PolicyLimits = .standard, numericEncoding: NumericEncoding = .sharedPrefix,
                allowBitAttributes: Bool = false) {
        self.catalog = catalog
        self.allowUnknownAttributes = allowUnknownAttributes
        self.limits = limits
        self.numericEncoding = numericEncoding
        self.allowBitAttributes = allowBitAttributes
    }

    public static let standard = PolicyOptions()

    /// No catalog: any well-formed attribute is accepted (free-form numeric
    /// keys get `NumericDomain.freeForm`), bit attributes included: this is
    /// how compiled policy text (containers, the chain) is read back.
    public static let freeForm = PolicyOptions(catalog: .empty, allowUnknownAttributes: true, allowBitAttributes: true)
}
