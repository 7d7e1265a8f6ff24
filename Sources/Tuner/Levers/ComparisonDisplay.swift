import ABE

/// Puts comparisons back into a tuned tree for people to read. Compiling
/// `x AND clearance == 5` flattens the comparison's bits into the AND, so
/// they no longer form a subtree; this pass finds the children of a gate
/// that make up a comparison's formula (a gate of the same kind) and
/// writes the comparison in their place. The caller re-checks and proves
/// the result like any other candidate.
enum ComparisonDisplay {
    static func regroup(_ node: PolicyNode, _ comparisons: [String: ShownComparison]) -> PolicyNode {
        let gateComparisons = comparisons.values.filter {
            switch $0.formula { case .and, .or: true; default: false }
        }.sorted { $0.formula.leafCount > $1.formula.leafCount }
        guard !gateComparisons.isEmpty else { return node }
        return regroup(node, gateComparisons)
    }

    private static func regroup(_ node: PolicyNode, _ candidates: [ShownComparison]) -> PolicyNode {
        switch node {
        case .attribute, .comparison:
            return node
        case .threshold(let k, let children):
            return .threshold(k, children.map { regroup($0, candidates) })
        case .and(let children), .or(let children):
            let isAnd: Bool
            if case .and = node { isAnd = true } else { isAnd = false }
            var items = children.map { regroup($0, candidates) }
            for candidate in candidates {
                let parts: [PolicyNode]
                switch (candidate.formula, isAnd) {
                case (.and(let inner), true), (.or(let inner), false): parts = inner
                default: continue
                }
                guard parts.count <= items.count else { continue }
                var remaining = items
                var firstPosition: Int?
                var found = true
                for part in parts {
                    guard let position = remaining.firstIndex(of: part) else { found = false; break }
                    remaining.remove(at: position)
                    firstPosition = min(firstPosition ?? position, position)
                }
                guard found, let at = firstPosition else { continue }
                remaining.insert(.comparison(candidate.comparison), at: min(at, remaining.count))
                items = remaining
            }
            if items.count == 1 { return items[0] }
            return isAnd ? .and(items) : .or(items)
        }
    }
}
