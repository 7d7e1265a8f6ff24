import Foundation

/// The attribute keys an authority issues, with their values, numeric ranges
/// and date ranges. Policies are checked against it because a misspelt
/// attribute would make a record unreadable forever. Format: docs/POLICY.md.
public struct AttributeCatalog: Hashable, Sendable {
    public enum EntryKind: Hashable, Sendable {
        /// `key:value` attributes with these values.
        case values([String])
        /// A bare name such as `emergency_access`.
        case flag
        /// Compared with `<`, `>=`, `in [a, b]` …; integer or date.
        case numeric(NumericDomain)
    }

    public struct Entry: Hashable, Sendable {
        public let key: String
        public let kind: EntryKind
        public let description: String?
    }

    public let name: String
    /// Entries in file order.
    public let entries: [Entry]
    private let entriesByKey: [String: Entry]

    public init(name: String, entries: [Entry]) throws(PolicyError) {
        var byKey: [String: Entry] = [:]
        for entry in entries {
            guard Identifier.isValidName(entry.key), !Identifier.isKeyword(entry.key) else {
                throw PolicyError(.invalidCatalog("'\(entry.key)' is not a valid attribute key"))
            }
            guard byKey[entry.key] == nil else {
                throw PolicyError(.invalidCatalog("key '\(entry.key)' is listed twice"))
            }
            if case .values(let values) = entry.kind {
                guard !values.isEmpty else {
                    throw PolicyError(.invalidCatalog("key '\(entry.key)' lists no values"))
                }
                for value in values where !Identifier.isValidValue(value) {
                    throw PolicyError(.invalidCatalog("'\(value)' is not a valid value of '\(entry.key)'"))
                }
                guard Set(values).count == values.count else {
                    throw PolicyError(.invalidCatalog("key '\(entry.key)' lists a value twice"))
                }
            }
            byKey[entry.key] = entry
        }
        self.name = name
        self.entries = entries
        self.entriesByKey = byKey
    }

    /// A catalog that knows nothing: use with `allowUnknownAttributes`.
    public static let empty: AttributeCatalog = {
        do { return try AttributeCatalog(name: "empty", entries: []) } catch { fatalError("\(error)") }
    }()

    /// The two-hospital network catalog shipped in Policies/catalog.json.
    public static let standard: AttributeCatalog = {
        do {
            return try AttributeCatalog(json: Data(DefaultCatalog.json.utf8))
        } catch {
            // A unit test parses the embedded text, so this cannot happen in a build that passed its tests.
            fatalError("the embedded default catalog is invalid: \(error)")
        }
    }()

    public func entry(forKey key: String) -> Entry? { entriesByKey[key] }

    // MARK: Checking attributes

    /// Refuses an attribute the catalog does not issue, suggesting the
    /// closest one it does. With `allowUnknown`, attributes of keys the
    /// catalog does not list (and unlisted values) pass, but a known key
    /// must still be used as its kind says.
    public func check(_ attribute: Attribute, allowUnknown: Bool) throws(PolicyError) {
        let key = attribute.key
        guard let entry = entriesByKey[key] else {
            if allowUnknown { return }
            if case .bit = attribute {
                throw PolicyError(.unknownKey(key, suggestion: EditDistance.suggestion(for: key, among: numericKeys)))
            }
            throw PolicyError(.unknownAttribute(attribute.description,
                                                suggestion: EditDistance.suggestion(for: attribute.description, among: plainAttributeNames)))
        }
        switch (attribute, entry.kind) {
        case (.name, .flag):
            return
        case (.name, .values(let values)):
            throw PolicyError(.keyNeedsValue(key: key, example: "\(key):\(values.first ?? "…")"))
        case (.keyed, .flag):
            throw PolicyError(.flagWithValue(key: key))
        case (.keyed(_, let value), .values(let values)):
            if values.contains(value) || allowUnknown { return }
            let suggestion = EditDistance.suggestion(for: value, among: values).map { "\(key):\($0)" }
                ?? EditDistance.suggestion(for: attribute.description, among: plainAttributeNames)
            throw PolicyError(.unknownAttribute(attribute.description, suggestion: suggestion))
        case (.name, .numeric(let domain)), (.keyed, .numeric(let domain)):
            throw PolicyError(.numericUsedAsValue(key: key, kind: domain.kind.rawValue))
        case (.bit(_, let position, _), .numeric(let domain)):
            guard position < domain.width else {
                throw PolicyError(.bitOutOfRange(key: key, position: position, width: domain.width))
            }
        case (.bit, .flag), (.bit, .values):
            throw PolicyError(.notNumeric(key: key))
        }
    }

    /// The bit encoding of a numeric key, for policies and keys alike.
    public func numericDomain(forKey key: String, literalKind: NumericLiteral.Kind,
                              allowUnknown: Bool) throws(PolicyError) -> NumericDomain {
        guard let entry = entriesByKey[key] else {
            if allowUnknown { return .freeForm(literalKind) }
            throw PolicyError(.unknownKey(key, suggestion: EditDistance.suggestion(for: key, among: numericKeys)))
        }
        guard case .numeric(let domain) = entry.kind else { throw PolicyError(.notNumeric(key: key)) }
        guard domain.kind == literalKind else {
            let found = literalKind == .date ? "a date" : "a number"
            throw PolicyError(.wrongLiteralKind(key: key, expected: domain.kind, found: found))
        }
        return domain
    }

    /// Every flag and `key:value` the catalog issues, for suggestions and listings.
    public var plainAttributeNames: [String] {
        entries.flatMap { entry -> [String] in
            switch entry.kind {
            case .flag: return [entry.key]
            case .values(let values): return values.map { "\(entry.key):\($0)" }
            case .numeric: return []
            }
        }
    }

    public var numericKeys: [String] {
        entries.compactMap { entry in
            if case .numeric = entry.kind { return entry.key }
            return nil
        }
    }
}
