import ABE

/// A monotone formula over numbered literals: what factoring produces and
/// what the search compares. Literal numbers index a table owned by the
/// caller (attributes, comparison blocks, or merged units).
indirect enum Factored: Hashable, Sendable {
    case literal(Int)
    case and([Factored])
    case or([Factored])
    /// At least k of the children, with 1 < k < children.count.
    case threshold(Int, [Factored])
    case constant(Bool)

    /// AND of `items`, flattened, without constants; one item stands alone.
    static func conjunction(_ items: [Factored]) -> Factored {
        var flat: [Factored] = []
        for item in items {
            switch item {
            case .constant(true): continue
            case .constant(false): return .constant(false)
            case .and(let inner): flat.append(contentsOf: inner)
            default: flat.append(item)
            }
        }
        if flat.isEmpty { return .constant(true) }
        return flat.count == 1 ? flat[0] : .and(flat)
    }

    /// OR of `items`, flattened, without constants; one item stands alone.
    static func disjunction(_ items: [Factored]) -> Factored {
        var flat: [Factored] = []
        for item in items {
            switch item {
            case .constant(false): continue
            case .constant(true): return .constant(true)
            case .or(let inner): flat.append(contentsOf: inner)
            default: flat.append(item)
            }
        }
        if flat.isEmpty { return .constant(false) }
        return flat.count == 1 ? flat[0] : .or(flat)
    }

    /// A policy tree over attributes numbered by `numbers` (comparisons,
    /// absent from compiled trees, count as false).
    init(_ node: PolicyNode, _ numbers: [Attribute: Int]) {
        switch node {
        case .attribute(let attribute): self = .literal(numbers[attribute] ?? 0)
        case .comparison: self = .constant(false)
        case .and(let children): self = .and(children.map { Factored($0, numbers) })
        case .or(let children): self = .or(children.map { Factored($0, numbers) })
        case .threshold(let k, let children): self = .threshold(k, children.map { Factored($0, numbers) })
        }
    }

    /// The conjunction of the literals set in `cube`.
    static func cube(_ cube: UInt64) -> Factored {
        conjunction(Cubes.literals(of: cube).map { .literal($0) })
    }

    /// Replaces every literal by the formula `substitute` gives for it.
    func substituting(_ substitute: (Int) -> Factored) -> Factored {
        switch self {
        case .literal(let index): return substitute(index)
        case .and(let children): return .conjunction(children.map { $0.substituting(substitute) })
        case .or(let children): return .disjunction(children.map { $0.substituting(substitute) })
        case .threshold(let k, let children): return .threshold(k, children.map { $0.substituting(substitute) })
        case .constant: return self
        }
    }

    /// The policy tree with literal i replaced by `leaf(i)`, normalized.
    func policyNode(_ leaf: (Int) -> PolicyNode) -> PolicyNode {
        func build(_ node: Factored) -> PolicyNode {
            switch node {
            case .literal(let index): return leaf(index)
            case .and(let children): return .and(children.map(build))
            case .or(let children): return .or(children.map(build))
            case .threshold(let k, let children): return .threshold(k, children.map(build))
            // Checked policies are never constant; an empty OR satisfies nobody.
            case .constant(let value): return value ? .and([]) : .or([])
            }
        }
        return build(self).normalized()
    }
}

/// The parts of a formula's size that compose: LSSS rows, the length of its
/// canonical text, and its top gate (which decides the parentheses a parent
/// writes around it).
struct Shape: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case leaf, and, or, threshold }

    var rows: Int
    var textLength: Int
    var kind: Kind

    static func leaf(textLength: Int) -> Shape { Shape(rows: 1, textLength: textLength, kind: .leaf) }

    /// The shape of a gate over children of the given shapes, exactly as the
    /// canonical printer writes the normalized tree: an AND inside an AND is
    /// flattened (its text and separators read the same), an OR inside an
    /// AND is parenthesized and vice versa, threshold items never are.
    static func gate(_ kind: Kind, k: Int = 0, _ children: [Shape]) -> Shape {
        if children.count == 1 { return children[0] }
        let rows = children.reduce(0) { $0 + $1.rows }
        let text = children.reduce(0) { $0 + $1.textLength }
        let gaps = children.count - 1
        switch kind {
        case .and:
            let parentheses = 2 * children.filter { $0.kind == .or }.count
            return Shape(rows: rows, textLength: text + parentheses + 5 * gaps, kind: .and)
        case .or:
            let parentheses = 2 * children.filter { $0.kind == .and }.count
            return Shape(rows: rows, textLength: text + parentheses + 4 * gaps, kind: .or)
        case .threshold:
            // "k of (" … ", " … ")"
            return Shape(rows: rows, textLength: String(k).utf8.count + 5 + text + 2 * gaps + 1, kind: .threshold)
        case .leaf:
            return Shape(rows: rows, textLength: text, kind: .leaf)
        }
    }

    init(rows: Int, textLength: Int, kind: Kind) {
        self.rows = rows
        self.textLength = textLength
        self.kind = kind
    }

    /// The shape of a policy tree as the canonical printer writes it.
    init(of node: PolicyNode) {
        switch node.normalized() {
        case .attribute(let attribute): self = .leaf(textLength: attribute.description.utf8.count)
        case .comparison(let comparison): self = .leaf(textLength: comparison.description.utf8.count)
        case .and(let children): self = .gate(.and, children.map(Shape.init(of:)))
        case .or(let children): self = .gate(.or, children.map(Shape.init(of:)))
        case .threshold(let k, let children): self = .gate(.threshold, k: k, children.map(Shape.init(of:)))
        }
    }
}
