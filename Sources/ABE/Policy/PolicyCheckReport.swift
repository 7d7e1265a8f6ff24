import VaultSupport
import Foundation

/// What `vault policy check` shows: the canonical form, the attributes the
/// policy uses, its LSSS size and, for an attribute set, whether it
/// satisfies the policy. Built here so that tests reach it; the CLI prints it.
public struct PolicyCheckReport: Codable, Sendable {
    public struct NumericKey: Codable, Sendable {
        public let key: String
        public let kind: NumericLiteral.Kind
        public let min: String
        public let max: String
        public let bits: Int
    }

    public struct Size: Codable, Sendable {
        public let rows: Int
        public let columns: Int
        /// Largest number of rows sharing one attribute (τ).
        public let largestRepetition: Int
    }

    public struct Satisfaction: Codable, Sendable {
        /// The attribute set, canonical.
        public let attributeSet: String
        public let satisfied: Bool
        /// The rows decryption would use (fewest rows), when satisfied.
        public let rowsUsed: [Int]?
        public let attributesUsed: [String]?
    }

    public let canonical: String
    public let tree: PolicyNode
    public let attributes: [String]
    public let numericKeys: [NumericKey]
    public let compiled: String
    public let lsss: Size
    public let satisfaction: Satisfaction?
    /// The matrix as text, when asked for.
    public let matrix: String?

    /// Which input an error is about.
    public enum Input: String, Codable, Sendable {
        case policy
        case attributes
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let input: Input
        public let error: PolicyError

        public var description: String {
            (input == .attributes ? "error in --attributes: " : "error: ") + error.description
        }

        /// `{"error": {...}}` for `--json`.
        public var jsonText: String {
            var object: [String: Any] = ["input": input.rawValue, "message": error.message]
            if let location = error.location {
                object["line"] = location.line
                object["column"] = location.column
                object["excerpt"] = location.excerpt
            }
            let data = (try? JSONSerialization.data(withJSONObject: ["error": object],
                                                    options: [.prettyPrinted, .sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Checks `policyText` (and, if given, whether `attributeText` satisfies it).
    public static func check(policy policyText: String, attributes attributeText: String? = nil,
                             options: PolicyOptions = .standard, includeMatrix: Bool = false) throws(Failure) -> PolicyCheckReport {
        let policy: Policy
        do { policy = try Policy(parsing: policyText, options: options) } catch {
            throw Failure(input: .policy, error: error)
        }
        var satisfaction: Satisfaction?
        let matrix = policy.lsss()
        if let attributeText {
            let set: AttributeSet
            do { set = try AttributeSet(parsing: attributeText, options: options) } catch {
                throw Failure(input: .attributes, error: error)
            }
            let reconstruction = matrix.reconstruction(for: set.keyAttributes)
            satisfaction = Satisfaction(attributeSet: set.description,
                                        satisfied: policy.isSatisfied(by: set) && reconstruction != nil,
                                        rowsUsed: reconstruction?.rows,
                                        attributesUsed: reconstruction.map { Array(Set($0.attributes)).sorted().map(\.description) })
        }
        let numericKeys = policy.comparedKeys.compactMap { key -> NumericKey? in
            guard let domain = policy.domains[key] else { return nil }
            return NumericKey(key: key, kind: domain.kind, min: domain.literal(domain.minimum).description,
                              max: domain.literal(domain.maximum).description, bits: domain.width)
        }
        return PolicyCheckReport(
            canonical: policy.canonicalText, tree: policy.root,
            attributes: policy.attributes.map(\.description), numericKeys: numericKeys,
            compiled: policy.compiledText,
            lsss: Size(rows: matrix.rowCount, columns: matrix.columnCount, largestRepetition: matrix.maxOccurrence),
            satisfaction: satisfaction,
            matrix: includeMatrix ? matrix.textTable : nil)
    }

    /// The report for people.
    public var text: String {
        var lines: [(String, String)] = [("policy", canonical)]
        if !attributes.isEmpty { lines.append(("attributes", attributes.joined(separator: ", "))) }
        for key in numericKeys {
            lines.append(("numeric", "\(key.key): \(key.kind.rawValue) \(key.min)…\(key.max), \(key.bits) bit\(key.bits == 1 ? "" : "s")"))
        }
        if !numericKeys.isEmpty { lines.append(("compiled", compiled)) }
        lines.append(("LSSS", "\(lsss.rows) row\(lsss.rows == 1 ? "" : "s") × \(lsss.columns) column\(lsss.columns == 1 ? "" : "s"), largest repetition \(lsss.largestRepetition)"))
        if let satisfaction {
            lines.append(("attribute set", satisfaction.attributeSet.isEmpty ? "(empty)" : satisfaction.attributeSet))
            if satisfaction.satisfied, let rows = satisfaction.rowsUsed, let used = satisfaction.attributesUsed {
                lines.append(("satisfied", "yes, decrypting with \(rows.count) row\(rows.count == 1 ? "" : "s") (\(used.joined(separator: ", ")))"))
            } else {
                lines.append(("satisfied", "no"))
            }
        }
        let width = lines.map(\.0.count).max() ?? 0
        // Values come from the policy and attribute text given: shown escaped
        // (DisplayText), so an invisible character cannot hide in them.
        var output = lines.map { label, value in
            label + ":" + String(repeating: " ", count: width - label.count + 1) + DisplayText.escaped(value)
        }.joined(separator: "\n")
        if let matrix { output += "\n\nmatrix (row attribute | entries):\n" + matrix.split(separator: "\n", omittingEmptySubsequences: false).map(DisplayText.escaped).joined(separator: "\n") }
        return output
    }

    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase  // numeric_keys, largest_repetition, rows_used, …
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
