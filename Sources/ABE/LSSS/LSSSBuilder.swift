/// Builds the LSSS matrix of a compiled (attribute-only) policy tree.
///
/// AND/OR follow Lewko–Waters ("Decentralizing Attribute-Based Encryption",
/// Eurocrypt 2011, Appendix G), with an n-ary AND as a chain of binary ones:
/// the first child gets v‖1, the middle ones −1 in the previous fresh column
/// and 1 in their own, the last one −1; the rows of all children add up to v.
/// A threshold k of m extends v by k−1 fresh columns and gives child j the
/// Vandermonde row v‖(j, j², …, j^(k−1)) (Shamir sharing; Liu–Cao–Wong,
/// Information Sciences 2013), so k children recover the parent's share by
/// Lagrange interpolation at 0.
public enum LSSSBuilder {
    public static func build(_ formula: PolicyNode) -> LSSSMatrix {
        var builder = State()
        builder.visit(formula, vector: [LSSSCell(column: 0, entry: .one)])
        return LSSSMatrix(formula: formula, sparseRows: builder.rows, columnCount: builder.columnCount,
                          rowAttributes: builder.attributes)
    }

    private struct State {
        var rows: [[LSSSCell]] = []
        var attributes: [Attribute] = []
        var columnCount = 1

        mutating func visit(_ node: PolicyNode, vector: [LSSSCell]) {
            switch node {
            case .attribute(let attribute):
                rows.append(vector)
                attributes.append(attribute)
            case .comparison:
                // Compiled trees have none; a comparison owns no row.
                break
            case .or(let children):
                for child in children { visit(child, vector: vector) }
            case .and(let children):
                let fresh = columnCount
                columnCount += max(0, children.count - 1)
                for (index, child) in children.enumerated() {
                    var childVector: [LSSSCell] = index == 0 ? vector : []
                    if index > 0 { childVector.append(LSSSCell(column: fresh + index - 1, entry: .minusOne)) }
                    if index < children.count - 1 { childVector.append(LSSSCell(column: fresh + index, entry: .one)) }
                    visit(child, vector: childVector)
                }
            case .threshold(let k, let children):
                let fresh = columnCount
                columnCount += max(0, k - 1)
                for (index, child) in children.enumerated() {
                    let point = index + 1
                    var childVector = vector
                    for power in 1..<max(k, 1) {
                        childVector.append(LSSSCell(column: fresh + power - 1, entry: .power(point, power)))
                    }
                    visit(child, vector: childVector)
                }
            }
        }
    }
}
