/// One matrix entry: ±base^exponent. Lewko–Waters rows only hold 0 and ±1,
/// but a threshold's Vandermonde block holds j^p, which overflows 64 bits
/// for large thresholds (30^28), so entries are kept exact in this form and
/// become scalars only when a scheme or the solver needs them.
public struct LSSSEntry: Hashable, Sendable, CustomStringConvertible {
    /// 0 for the zero entry, otherwise at least 1.
    public let base: Int
    public let exponent: Int
    public let isNegative: Bool

    public static let zero = LSSSEntry(base: 0, exponent: 1, isNegative: false)
    public static let one = LSSSEntry(base: 1, exponent: 0, isNegative: false)
    public static let minusOne = LSSSEntry(base: 1, exponent: 0, isNegative: true)

    /// base^exponent with base ≥ 1 and exponent ≥ 0.
    public static func power(_ base: Int, _ exponent: Int) -> LSSSEntry {
        if base == 1 || exponent == 0 { return .one }
        return LSSSEntry(base: base, exponent: exponent, isNegative: false)
    }

    private init(base: Int, exponent: Int, isNegative: Bool) {
        self.base = base
        self.exponent = exponent
        self.isNegative = isNegative
    }

    public var isZero: Bool { base == 0 }

    /// The entry as an Int, or nil if it does not fit.
    public var intValue: Int? {
        if isZero { return 0 }
        var value = 1
        for _ in 0..<exponent {
            let (product, overflow) = value.multipliedReportingOverflow(by: base)
            if overflow { return nil }
            value = product
        }
        return isNegative ? -value : value
    }

    public var description: String {
        if let value = intValue { return String(value) }
        return "\(isNegative ? "-" : "")\(base)^\(exponent)"
    }
}

/// A non-zero entry of a sparse row.
public struct LSSSCell: Hashable, Sendable {
    public let column: Int
    public let entry: LSSSEntry
}
