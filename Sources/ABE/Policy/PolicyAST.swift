/// The syntax tree of an access policy.
///
/// Trees are kept normalized (see `normalized()`): AND/OR nodes have at least
/// two children and never a child of their own kind, and thresholds satisfy
/// 1 < k < n. Child order is kept as written because it fixes the order of
/// the LSSS rows; use `sortedChildren()` when order should not matter.
public indirect enum PolicyNode: Hashable, Sendable {
    /// A plain attribute (`role:cardiologist`, `emergency`) or, in compiled
    /// trees, a bit attribute (`clearance#b2=1`).
    case attribute(Attribute)
    /// A numeric or date comparison, compiled to bit attributes later.
    case comparison(NumericComparison)
    case and([PolicyNode])
    case or([PolicyNode])
    /// `k of (children…)`: satisfied when at least k children are.
    case threshold(Int, [PolicyNode])

    public var children: [PolicyNode] {
        switch self {
        case .attribute, .comparison: return []
        case .and(let children), .or(let children), .threshold(_, let children): return children
        }
    }

    public var isLeaf: Bool { children.isEmpty }

    /// Number of leaves (attributes and comparisons) before bit compilation.
    public var leafCount: Int {
        isLeaf ? 1 : children.reduce(0) { $0 + $1.leafCount }
    }

    /// Nesting depth; a single leaf has depth 1.
    public var depth: Int {
        1 + (children.map(\.depth).max() ?? 0)
    }

    /// Leaves from left to right.
    public var leaves: [PolicyNode] {
        isLeaf ? [self] : children.flatMap(\.leaves)
    }
}

/// `key op value` or `key in [low, high]`.
public struct NumericComparison: Hashable, Sendable {
    public var key: String
    public var constraint: NumericConstraint

    public init(key: String, constraint: NumericConstraint) {
        self.key = key
        self.constraint = constraint
    }

    public init(_ key: String, _ op: ComparisonOperator, _ value: NumericLiteral) {
        self.init(key: key, constraint: .compare(op, value))
    }

    /// Whether the comparison holds for `value` (the plain integer or day number).
    public func holds(for value: Int) -> Bool {
        constraint.holds(for: value)
    }

    /// The literal kind used (all literals of one comparison have the same kind).
    public var literalKind: NumericLiteral.Kind {
        switch constraint {
        case .compare(_, let value): return value.kind
        case .range(let low, _): return low.kind
        }
    }
}

public enum NumericConstraint: Hashable, Sendable {
    case compare(ComparisonOperator, NumericLiteral)
    /// Both ends included.
    case range(NumericLiteral, NumericLiteral)

    public func holds(for value: Int) -> Bool {
        switch self {
        case .compare(let op, let literal): return op.holds(value, literal.integerValue)
        case .range(let low, let high): return low.integerValue <= value && value <= high.integerValue
        }
    }
}

public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable, Codable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="

    public func holds(_ lhs: Int, _ rhs: Int) -> Bool {
        switch self {
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        case .equal: return lhs == rhs
        }
    }
}

/// A number or an ISO date as written in a policy or an attribute set.
public enum NumericLiteral: Hashable, Sendable, CustomStringConvertible {
    case integer(Int)
    case date(ISODate)

    public enum Kind: String, Hashable, Sendable, Codable {
        case integer
        case date
    }

    public var kind: Kind {
        switch self {
        case .integer: return .integer
        case .date: return .date
        }
    }

    /// The integer the literal stands for: itself, or days since 1970-01-01.
    public var integerValue: Int {
        switch self {
        case .integer(let value): return value
        case .date(let date): return date.daysSinceEpoch
        }
    }

    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .date(let date): return date.description
        }
    }

    /// The literal of `kind` standing for `integerValue`.
    public init(kind: Kind, integerValue: Int) {
        switch kind {
        case .integer: self = .integer(integerValue)
        case .date: self = .date(ISODate(daysSinceEpoch: integerValue))
        }
    }
}
