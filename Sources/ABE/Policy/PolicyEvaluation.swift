/// Deciding whether attributes satisfy a policy, on the syntax tree.
extension PolicyNode {
    /// The general form: how a leaf is decided is up to the caller.
    public func evaluate(attribute: (Attribute) -> Bool,
                         comparison: (NumericComparison) -> Bool) -> Bool {
        switch self {
        case .attribute(let leaf):
            return attribute(leaf)
        case .comparison(let leaf):
            return comparison(leaf)
        case .and(let children):
            return children.allSatisfy { $0.evaluate(attribute: attribute, comparison: comparison) }
        case .or(let children):
            return children.contains { $0.evaluate(attribute: attribute, comparison: comparison) }
        case .threshold(let k, let children):
            var satisfied = 0
            for child in children where child.evaluate(attribute: attribute, comparison: comparison) {
                satisfied += 1
                if satisfied >= k { return true }
            }
            return k <= 0
        }
    }

    /// Source-level semantics: comparisons compare the set's numeric values
    /// as integers (dates as day numbers); a key without a value satisfies
    /// no comparison. Attribute leaves (including bit attributes) are looked
    /// up among everything a key for the set would hold.
    public func isSatisfied(by set: AttributeSet) -> Bool {
        let held = set.keyAttributes
        return evaluate(attribute: { held.contains($0) }, comparison: { comparison in
            guard let value = set.numericValues[comparison.key], value.kind == comparison.literalKind else {
                return false
            }
            return comparison.holds(for: value.integerValue)
        })
    }

    /// Bit-level semantics, for compiled trees: only attribute membership.
    public func isSatisfied(byAttributes attributes: Set<Attribute>) -> Bool {
        evaluate(attribute: { attributes.contains($0) }, comparison: { _ in false })
    }
}
