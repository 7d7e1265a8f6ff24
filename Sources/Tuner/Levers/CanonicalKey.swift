import ABE

/// An order-free key for a policy tree: equal for trees that differ only
/// in the order of children (like `sortedChildren()`, but built bottom-up
/// from the children's keys, so a pass over a tree costs time linear in
/// its size instead of re-printing every subtree at every level).
enum CanonicalKey {
    static func of(_ node: PolicyNode) -> String {
        switch node {
        case .attribute(let attribute): return attribute.description
        case .comparison(let comparison): return "?" + comparison.description
        case .and(let children): return gate("&", children.map(of))
        case .or(let children): return gate("|", children.map(of))
        case .threshold(let k, let children): return gate("\(k)#", children.map(of))
        }
    }

    /// The key of a gate from its children's keys. Attribute text never
    /// holds "(", ")" or ",", so keys cannot collide across shapes.
    static func gate(_ prefix: String, _ childKeys: [String]) -> String {
        prefix + "(" + childKeys.sorted().joined(separator: ",") + ")"
    }

    static func prefix(of node: PolicyNode) -> String {
        switch node {
        case .and: "&"
        case .or: "|"
        case .threshold(let k, _): "\(k)#"
        case .attribute, .comparison: ""
        }
    }
}
