/// A linear secret-sharing scheme (M, ρ) for a policy: an n × c matrix whose
/// row i belongs to attribute ρ(i). A set of attributes can recover the
/// secret exactly when the rows it owns span (1, 0, …, 0).
public struct LSSSMatrix: Hashable, Sendable {
    /// The compiled (bit-level) tree the matrix was built from; its leaves,
    /// left to right, are the rows.
    public let formula: PolicyNode
    /// Row i's non-zero entries, by increasing column.
    public let sparseRows: [[LSSSCell]]
    public let columnCount: Int
    /// ρ: the attribute of each row.
    public let rowAttributes: [Attribute]
    /// j(i): row i is the j-th row (from 1) labelled with its attribute.
    public let occurrences: [Int]

    init(formula: PolicyNode, sparseRows: [[LSSSCell]], columnCount: Int, rowAttributes: [Attribute]) {
        self.formula = formula
        self.sparseRows = sparseRows
        self.columnCount = columnCount
        self.rowAttributes = rowAttributes
        var seen: [Attribute: Int] = [:]
        self.occurrences = rowAttributes.map { attribute in
            seen[attribute, default: 0] += 1
            return seen[attribute, default: 1]
        }
    }

    public var rowCount: Int { rowAttributes.count }

    /// τ: the largest number of rows sharing one attribute (1 if none repeats).
    public var maxOccurrence: Int { occurrences.max() ?? 0 }

    /// Row i with its zeros, `columnCount` entries.
    public func row(_ index: Int) -> [LSSSEntry] {
        var dense = [LSSSEntry](repeating: .zero, count: columnCount)
        for cell in sparseRows[index] { dense[cell.column] = cell.entry }
        return dense
    }

    /// Rows whose attribute is in `attributes`, in order.
    public func rows(ownedBy attributes: Set<Attribute>) -> [Int] {
        rowAttributes.indices.filter { attributes.contains(rowAttributes[$0]) }
    }

    /// The matrix as text, one row per line: `attribute | entries`.
    public var textTable: String {
        let labels = rowAttributes.map(\.description)
        let width = labels.map(\.count).max() ?? 0
        return rowAttributes.indices.map { index in
            let label = labels[index] + String(repeating: " ", count: width - labels[index].count)
            let entries = row(index).map { $0.description }
            let cells = entries.map { String(repeating: " ", count: max(0, 3 - $0.count)) + $0 }
            return "\(label) |" + cells.joined(separator: " ")
        }.joined(separator: "\n")
    }
}
