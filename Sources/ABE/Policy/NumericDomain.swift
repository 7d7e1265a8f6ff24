/// The values an authority issues for one numeric or date key, and how they
/// are written in bits.
///
/// A value v is encoded as the unsigned integer v − minimum in `width` bits,
/// so a catalog range 2024-01-01…2059-12-31 costs 14 bits, not the 20 that
/// raw day numbers would. Keys and policies must use the same domain: both
/// take it from `AttributeCatalog.numericDomain(forKey:literalKind:allowUnknown:)`.
public struct NumericDomain: Hashable, Sendable, CustomStringConvertible {
    public let kind: NumericLiteral.Kind
    /// Smallest and largest issued value (days since 1970-01-01 for dates).
    public let minimum: Int
    public let maximum: Int
    /// Number of bit attributes per value; at least `minimumWidth`.
    public let width: Int

    /// Widths above this would make the shift arithmetic overflow; no real
    /// attribute needs them.
    public static let maximumWidth = 62
    /// Largest magnitude of a catalog bound.
    public static let valueBound = 1 << 62

    public init(kind: NumericLiteral.Kind, minimum: Int, maximum: Int, width: Int? = nil) throws(PolicyError) {
        // Bounded well inside Int so that c ± 1 and v − minimum never overflow.
        guard -Self.valueBound <= minimum, maximum <= Self.valueBound else {
            throw PolicyError(.invalidCatalog("range \(minimum)…\(maximum) goes beyond ±2^62"))
        }
        guard minimum <= maximum else {
            throw PolicyError(.invalidCatalog("range \(minimum)…\(maximum) is empty"))
        }
        let (span, overflow) = maximum.subtractingReportingOverflow(minimum)
        guard !overflow, span < (1 << Self.maximumWidth) else {
            throw PolicyError(.invalidCatalog("range \(minimum)…\(maximum) needs more than \(Self.maximumWidth) bits"))
        }
        let needed = Self.bitsNeeded(span)
        let chosen = width ?? needed
        guard chosen >= needed, chosen <= Self.maximumWidth else {
            throw PolicyError(.invalidCatalog("\(chosen) bits cannot hold the range \(minimum)…\(maximum) (it needs \(needed) to \(Self.maximumWidth))"))
        }
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.width = chosen
    }

    /// Bits needed to write 0…span (at least one).
    public static func bitsNeeded(_ span: Int) -> Int {
        var bits = 1
        while bits < Self.maximumWidth, (span >> bits) > 0 { bits += 1 }
        return bits
    }

    public func contains(_ value: Int) -> Bool { minimum <= value && value <= maximum }

    /// The unsigned value written in bits (the caller checks `contains`).
    public func encode(_ value: Int) -> Int { value - minimum }

    /// The literal standing for `value` in this domain's kind.
    public func literal(_ value: Int) -> NumericLiteral {
        NumericLiteral(kind: kind, integerValue: value)
    }

    /// The bit attributes a key holding `value` gets: bit b of v − minimum
    /// for every b in 0..<width.
    public func bitAttributes(key: String, value: Int) -> [Attribute] {
        let encoded = encode(value)
        return (0..<width).map { .bit(key: key, position: $0, isSet: (encoded >> $0) & 1 == 1) }
    }

    public var description: String {
        "\(literal(minimum))…\(literal(maximum)), \(width) bit\(width == 1 ? "" : "s")"
    }

    /// Domains used for keys missing from the catalog when unknown
    /// attributes are allowed: 32-bit integers from 0, and days from
    /// 1970-01-01 in 16 bits (up to 2149-06-06).
    public static func freeForm(_ kind: NumericLiteral.Kind) -> NumericDomain {
        switch kind {
        case .integer:
            return NumericDomain(uncheckedKind: .integer, minimum: 0, maximum: (1 << 32) - 1, width: 32)
        case .date:
            return NumericDomain(uncheckedKind: .date, minimum: 0, maximum: (1 << 16) - 1, width: 16)
        }
    }

    private init(uncheckedKind kind: NumericLiteral.Kind, minimum: Int, maximum: Int, width: Int) {
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.width = width
    }
}
