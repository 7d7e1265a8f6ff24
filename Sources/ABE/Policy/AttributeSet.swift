/// The attributes a user holds (what a key is issued for), written
///
///     role:cardiologist, hospital:A, on_call, clearance=3, valid_until=2027-06-30
///
/// Items are separated by commas or spaces. `key=value` gives a numeric or
/// date attribute; a key for it holds the bit attributes of the value in the
/// key's catalog domain (`keyAttributes`), which is what key generation
/// must issue components for.
public struct AttributeSet: Hashable, Sendable, CustomStringConvertible {
    /// Flags, `key:value` attributes and explicitly written bit attributes.
    public let attributes: Set<Attribute>
    /// `key=value` numeric and date attributes.
    public let numericValues: [String: NumericLiteral]
    /// The domain of every key in `numericValues`.
    public let domains: [String: NumericDomain]
    /// Everything a key for this set holds: `attributes` plus the bits of
    /// every numeric value.
    public let keyAttributes: Set<Attribute>

    public init(parsing text: String, options: PolicyOptions = .standard) throws(PolicyError) {
        var parser = try PolicyParser(text: text, options: options)
        var attributes: [Attribute] = []
        var values: [(key: String, value: NumericLiteral, location: SourceLocation?)] = []
        for (item, location) in try parser.parseAttributeSet() {
            switch item {
            case .attribute(let attribute): attributes.append(attribute)
            case .numericValue(let key, let value): values.append((key, value, location))
            }
        }
        try self.init(attributes: attributes, located: values, options: options)
    }

    /// A set built in code; checked like text.
    public init(attributes: [Attribute], numericValues: [String: NumericLiteral] = [:],
                options: PolicyOptions = .standard) throws(PolicyError) {
        let checker = PolicyChecker(options: options)
        for attribute in attributes { try checker.check(attribute) }
        let values = numericValues.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value, location: SourceLocation?.none) }
        try self.init(attributes: attributes, located: values, options: options)
    }

    private init(attributes: [Attribute], located values: [(key: String, value: NumericLiteral, location: SourceLocation?)],
                 options: PolicyOptions) throws(PolicyError) {
        var numericValues: [String: NumericLiteral] = [:]
        var domains: [String: NumericDomain] = [:]
        var held = Set(attributes)
        for (key, value, location) in values {
            do throws(PolicyError) {
                guard numericValues[key] == nil else { throw PolicyError(.duplicateNumericValue(key: key)) }
                // `clearance=1` beside `clearance:5`, `clearance` or bits of clearance
                // would give one key two readings.
                guard !attributes.contains(where: { $0.key == key }) else { throw PolicyError(.keyGivenTwice(key: key)) }
                let domain = try options.catalog.numericDomain(forKey: key, literalKind: value.kind,
                                                               allowUnknown: options.allowUnknownAttributes)
                guard domain.contains(value.integerValue) else {
                    throw PolicyError(.valueOutOfRange(key: key, value: value.description, domain: domain.description))
                }
                numericValues[key] = value
                domains[key] = domain
                held.formUnion(domain.bitAttributes(key: key, value: value.integerValue))
            } catch {
                throw PolicyError(error.kind, at: location)
            }
        }
        self.attributes = Set(attributes)
        self.numericValues = numericValues
        self.domains = domains
        self.keyAttributes = held
    }

    /// `keyAttributes` in canonical order, for deterministic key files.
    public var sortedKeyAttributes: [Attribute] { keyAttributes.sorted() }

    /// Canonical text: plain attributes sorted, then `key=value` sorted by key.
    public var description: String {
        (attributes.sorted().map(\.description)
            + numericValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            .joined(separator: ", ")
    }
}
