import ABE

/// Reduced ordered binary decision diagrams (Bryant, "Graph-Based Algorithms
/// for Boolean Function Manipulation", IEEE Trans. Computers C-35, 1986).
/// With one variable order and shared, reduced nodes, every Boolean function
/// has exactly one node: two formulas have the same truth table exactly when
/// they build the same node. That is what makes the tuner's equivalence
/// check a proof rather than a test.
struct ROBDD {
    typealias Node = Int32
    static let zero: Node = 0
    static let one: Node = 1

    enum Operation: UInt8 { case and, or, xor }

    struct LimitExceeded: Error {}

    private struct Triple: Hashable { let level: Int32, low: Node, high: Node }
    private struct CacheKey: Hashable { let op: Operation, a: Node, b: Node }

    /// Level (position in the variable order) of each node; terminals sit below every variable.
    private var levels: [Int32] = [Int32.max, Int32.max]
    private var lows: [Node] = [0, 1]
    private var highs: [Node] = [0, 1]
    private var unique: [Triple: Node] = [:]
    private var cache: [CacheKey: Node] = [:]
    let nodeLimit: Int

    init(nodeLimit: Int = 2_000_000) { self.nodeLimit = nodeLimit }

    var nodeCount: Int { levels.count }

    func level(_ node: Node) -> Int32 { levels[Int(node)] }
    func low(_ node: Node) -> Node { lows[Int(node)] }
    func high(_ node: Node) -> Node { highs[Int(node)] }

    /// The node for "if variable `level` then high else low", reduced.
    mutating func make(level: Int32, low: Node, high: Node) throws(LimitExceeded) -> Node {
        if low == high { return low }
        let key = Triple(level: level, low: low, high: high)
        if let node = unique[key] { return node }
        guard levels.count < nodeLimit else { throw LimitExceeded() }
        let node = Node(levels.count)
        levels.append(level)
        lows.append(low)
        highs.append(high)
        unique[key] = node
        return node
    }

    mutating func variable(_ level: Int) throws(LimitExceeded) -> Node {
        try make(level: Int32(level), low: Self.zero, high: Self.one)
    }

    mutating func and(_ a: Node, _ b: Node) throws(LimitExceeded) -> Node { try apply(.and, a, b) }
    mutating func or(_ a: Node, _ b: Node) throws(LimitExceeded) -> Node { try apply(.or, a, b) }
    mutating func xor(_ a: Node, _ b: Node) throws(LimitExceeded) -> Node { try apply(.xor, a, b) }
    mutating func not(_ a: Node) throws(LimitExceeded) -> Node { try apply(.xor, a, Self.one) }

    /// Bryant's Apply: recursion on the top variable, memoized. All three
    /// operations commute, so the cache key orders its operands.
    mutating func apply(_ op: Operation, _ a: Node, _ b: Node) throws(LimitExceeded) -> Node {
        switch op {
        case .and:
            if a == Self.zero || b == Self.zero { return Self.zero }
            if a == Self.one { return b }
            if b == Self.one || a == b { return a }
        case .or:
            if a == Self.one || b == Self.one { return Self.one }
            if a == Self.zero { return b }
            if b == Self.zero || a == b { return a }
        case .xor:
            if a == Self.zero { return b }
            if b == Self.zero { return a }
            if a == b { return Self.zero }
        }
        let key = CacheKey(op: op, a: min(a, b), b: max(a, b))
        if let cached = cache[key] { return cached }
        let levelA = level(a), levelB = level(b)
        let top = min(levelA, levelB)
        let (a0, a1) = levelA == top ? (low(a), high(a)) : (a, a)
        let (b0, b1) = levelB == top ? (low(b), high(b)) : (b, b)
        let result = try make(level: top, low: try apply(op, a0, b0), high: try apply(op, a1, b1))
        cache[key] = result
        return result
    }

    /// At least `k` of `children`: the counting recurrence
    /// atLeast[j] ← atLeast[j] ∨ (atLeast[j−1] ∧ child), one child at a time.
    mutating func threshold(_ k: Int, _ children: [Node]) throws(LimitExceeded) -> Node {
        guard k > 0 else { return Self.one }
        guard k <= children.count else { return Self.zero }
        var atLeast = [Node](repeating: Self.zero, count: k + 1)
        atLeast[0] = Self.one
        for child in children {
            for j in stride(from: k, through: 1, by: -1) {
                atLeast[j] = try or(atLeast[j], try and(atLeast[j - 1], child))
            }
        }
        return atLeast[k]
    }

    /// The BDD of a policy tree whose leaves are attributes (comparisons
    /// count as false: compiled trees have none).
    mutating func build(_ node: PolicyNode, level: (Attribute) -> Int) throws(LimitExceeded) -> Node {
        switch node {
        case .attribute(let attribute):
            return try variable(level(attribute))
        case .comparison:
            return Self.zero
        case .and(let children):
            var result = Self.one
            for child in children { result = try and(result, try build(child, level: level)) }
            return result
        case .or(let children):
            var result = Self.zero
            for child in children { result = try or(result, try build(child, level: level)) }
            return result
        case .threshold(let k, let children):
            var built: [Node] = []
            for child in children { built.append(try build(child, level: level)) }
            return try threshold(k, built)
        }
    }

    /// The variables the function depends on: in a reduced diagram, exactly
    /// the levels that label a reachable node.
    func support(_ root: Node) -> Set<Int> {
        var seen: Set<Node> = []
        var levelsFound: Set<Int> = []
        var stack = [root]
        while let node = stack.popLast() {
            guard node > Self.one, seen.insert(node).inserted else { continue }
            levelsFound.insert(Int(level(node)))
            stack.append(low(node))
            stack.append(high(node))
        }
        return levelsFound
    }

    /// Number of nodes reachable from `root` (terminals included).
    func size(_ root: Node) -> Int {
        var seen: Set<Node> = []
        var stack = [root]
        while let node = stack.popLast() {
            guard seen.insert(node).inserted, node > Self.one else { continue }
            stack.append(low(node))
            stack.append(high(node))
        }
        return seen.count
    }
}
