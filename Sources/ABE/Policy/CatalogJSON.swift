import Foundation

/// Reading a catalog from its JSON file (format in docs/POLICY.md).
extension AttributeCatalog {
    public init(json data: Data) throws(PolicyError) {
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: data)
        } catch let error as DecodingError {
            throw PolicyError(.invalidCatalog(Self.describe(error)))
        } catch {
            throw PolicyError(.invalidCatalog("\(error)"))
        }
        var entries: [Entry] = []
        for item in file.attributes {
            entries.append(Entry(key: item.key, kind: try item.entryKind(), description: item.description))
        }
        try self.init(name: file.name, entries: entries)
    }

    /// Reads a catalog file; the error names the file.
    public init(contentsOfFile path: String) throws(PolicyError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyError(.invalidCatalog("cannot read \(path): \(error.localizedDescription)"))
        }
        do {
            try self.init(json: data)
        } catch {
            throw PolicyError(.invalidCatalog("\(path): \(error.message)"))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
            return parts.isEmpty ? "top level" : parts.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}

private struct CatalogFile: Decodable {
    let name: String
    let attributes: [Item]

    struct Item: Decodable {
        let key: String
        let type: String?
        let description: String?
        let values: [String]?
        let min: LiteralValue?
        let max: LiteralValue?
        let bits: Int?

        func entryKind() throws(PolicyError) -> AttributeCatalog.EntryKind {
            let type = self.type ?? (values != nil ? "values" : "")
            switch type {
            case "values":
                guard let values else { throw PolicyError(.invalidCatalog("'\(key)' has type values but no \"values\" list")) }
                return .values(values)
            case "flag":
                return .flag
            case "integer", "date":
                let kind: NumericLiteral.Kind = type == "date" ? .date : .integer
                guard let min, let max else {
                    throw PolicyError(.invalidCatalog("'\(key)' needs \"min\" and \"max\""))
                }
                let low = try min.integerValue(kind: kind, key: key)
                let high = try max.integerValue(kind: kind, key: key)
                do {
                    return .numeric(try NumericDomain(kind: kind, minimum: low, maximum: high, width: bits))
                } catch {
                    throw PolicyError(.invalidCatalog("'\(key)': \(error.message)"))
                }
            default:
                throw PolicyError(.invalidCatalog("'\(key)' has unknown type '\(type)' (use values, flag, integer or date)"))
            }
        }
    }

    /// `min`/`max`: a JSON number for integers, a "YYYY-MM-DD" string for dates.
    enum LiteralValue: Decodable {
        case number(Int)
        case text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        func integerValue(kind: NumericLiteral.Kind, key: String) throws(PolicyError) -> Int {
            switch (self, kind) {
            case (.number(let value), .integer):
                return value
            case (.text(let text), .date):
                do { return try ISODate(parsing: text).daysSinceEpoch } catch {
                    throw PolicyError(.invalidCatalog("'\(key)': \(error.description)"))
                }
            case (.number, .date):
                throw PolicyError(.invalidCatalog("'\(key)' is a date; write its bounds as \"YYYY-MM-DD\""))
            case (.text, .integer):
                throw PolicyError(.invalidCatalog("'\(key)' is an integer; write its bounds as numbers"))
            }
        }
    }
}
