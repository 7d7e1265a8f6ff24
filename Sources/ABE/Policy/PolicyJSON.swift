import Foundation

/// The JSON form of the syntax tree, one object per node:
///
///     {"attribute": "role:cardiologist"}
///     {"and": [node, …]}            {"or": [node, …]}
///     {"threshold": 2, "of": [node, …]}
///     {"compare": "clearance", "op": ">=", "value": 3}
///     {"compare": "valid_until", "op": ">=", "value": "2027-01-01"}
///     {"range": "age", "min": 18, "max": 65}
///
/// Numbers are JSON numbers and dates "YYYY-MM-DD" strings, so the literal
/// kind survives the round trip.
extension PolicyNode: Codable {
    private enum Field: String, CodingKey {
        case attribute, and, or, threshold, of, compare, op, value, range, min, max
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Field.self)
        let present = Set(container.allKeys)
        let shapes: [(Field, Set<Field>)] = [
            (.attribute, [.attribute]), (.and, [.and]), (.or, [.or]),
            (.threshold, [.threshold, .of]), (.compare, [.compare, .op, .value]),
            (.range, [.range, .min, .max]),
        ]
        guard let (tag, _) = shapes.first(where: { $0.1 == present }) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath,
                debugDescription: "a policy node has exactly one of these shapes: {attribute}, {and}, {or}, {threshold, of}, {compare, op, value}, {range, min, max}; found keys \(present.map(\.rawValue).sorted())"))
        }
        switch tag {
        case .attribute:
            self = .attribute(try container.decode(Attribute.self, forKey: .attribute))
        case .and:
            self = .and(try container.decode([PolicyNode].self, forKey: .and))
        case .or:
            self = .or(try container.decode([PolicyNode].self, forKey: .or))
        case .threshold:
            self = .threshold(try container.decode(Int.self, forKey: .threshold),
                              try container.decode([PolicyNode].self, forKey: .of))
        case .compare:
            let key = try Self.decodeKey(container, .compare)
            let op = try container.decode(ComparisonOperator.self, forKey: .op)
            let value = try container.decode(NumericLiteral.self, forKey: .value)
            self = .comparison(NumericComparison(key, op, value))
        default:
            let key = try Self.decodeKey(container, .range)
            let low = try container.decode(NumericLiteral.self, forKey: .min)
            let high = try container.decode(NumericLiteral.self, forKey: .max)
            self = .comparison(NumericComparison(key: key, constraint: .range(low, high)))
        }
    }

    private static func decodeKey(_ container: KeyedDecodingContainer<Field>, _ field: Field) throws -> String {
        let key = try container.decode(String.self, forKey: field)
        guard Identifier.isValidName(key), !Identifier.isKeyword(key) else {
            throw DecodingError.dataCorruptedError(forKey: field, in: container,
                                                   debugDescription: "'\(key)' is not a valid attribute key")
        }
        return key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Field.self)
        switch self {
        case .attribute(let attribute):
            try container.encode(attribute, forKey: .attribute)
        case .and(let children):
            try container.encode(children, forKey: .and)
        case .or(let children):
            try container.encode(children, forKey: .or)
        case .threshold(let k, let children):
            try container.encode(k, forKey: .threshold)
            try container.encode(children, forKey: .of)
        case .comparison(let comparison):
            switch comparison.constraint {
            case .compare(let op, let value):
                try container.encode(comparison.key, forKey: .compare)
                try container.encode(op, forKey: .op)
                try container.encode(value, forKey: .value)
            case .range(let low, let high):
                try container.encode(comparison.key, forKey: .range)
                try container.encode(low, forKey: .min)
                try container.encode(high, forKey: .max)
            }
        }
    }

    /// The tree as JSON text (keys sorted, so equal trees give equal text).
    public func jsonText(pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain values cannot fail.
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads the JSON form. Only the shape is checked here; `Policy(tree:)`
    /// checks meaning (catalog, thresholds, limits) as for text.
    public init(jsonText: String) throws(PolicyError) {
        do {
            self = try JSONDecoder().decode(PolicyNode.self, from: Data(jsonText.utf8))
        } catch let error as DecodingError {
            throw PolicyError(.invalidJSON(Self.describe(error)))
        } catch {
            throw PolicyError(.invalidJSON("\(error)"))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.localizedDescription
            return context.debugDescription + (underlying.map { " (\($0))" } ?? "")
        @unknown default: return "\(error)"
        }
    }
}

extension NumericLiteral: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .integer(number)
            return
        }
        let text = try container.decode(String.self)
        do {
            self = .date(try ISODate(parsing: text))
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid date \(text): \(error.description)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let value): try container.encode(value)
        case .date(let date): try container.encode(date.description)
        }
    }
}
