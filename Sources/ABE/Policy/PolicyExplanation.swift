import VaultSupport

/// Why a key does not satisfy a policy, in terms a reader can act on.
extension PolicyNode {
    /// The leaves the nearest satisfying clause still needs: an AND needs
    /// what each child needs, an OR what its cheapest child needs, `k of`
    /// what its k cheapest children need. Between clauses that need as many,
    /// the one that uses more of what the key holds is nearer. Empty when
    /// `isHeld` satisfies the tree.
    public func nearestMissingLeaves(isHeld: (PolicyNode) -> Bool) -> [PolicyNode] {
        nearest(isHeld: isHeld).missing
    }

    private func nearest(isHeld: (PolicyNode) -> Bool) -> (missing: [PolicyNode], held: Int) {
        func nearer(_ a: (missing: [PolicyNode], held: Int), _ b: (missing: [PolicyNode], held: Int)) -> Bool {
            a.missing.count != b.missing.count ? a.missing.count < b.missing.count : a.held > b.held
        }
        func joined(_ parts: some Sequence<(missing: [PolicyNode], held: Int)>) -> (missing: [PolicyNode], held: Int) {
            parts.reduce(into: (missing: [PolicyNode](), held: 0)) { $0.missing += $1.missing; $0.held += $1.held }
        }
        switch self {
        case .attribute, .comparison:
            return isHeld(self) ? ([], 1) : ([self], 0)
        case .and(let children):
            return joined(children.map { $0.nearest(isHeld: isHeld) })
        case .or(let children):
            return children.map { $0.nearest(isHeld: isHeld) }.min(by: nearer) ?? ([], 0)
        case .threshold(let k, let children):
            return joined(children.map { $0.nearest(isHeld: isHeld) }.sorted(by: nearer).prefix(max(k, 0)))
        }
    }

    /// "; the nearest clause also needs A, B" for a denial message (escaped),
    /// or "" when nothing can be named.
    public static func nearestClauseNote(ofCompiled text: String, held: Set<Attribute>, catalog: AttributeCatalog) -> String {
        let missing = missingForNearestClause(ofCompiled: text, held: held, catalog: catalog) ?? []
        return missing.isEmpty ? "" : "; the nearest clause also needs " + missing.map(DisplayText.escaped).joined(separator: ", ")
    }

    /// For a compiled policy and the bit-level attributes a key holds: the
    /// missing leaves of the nearest clause, read back with `catalog`'s
    /// domains (`clearance >= 3`, not its bits). Nil when the text does not parse.
    public static func missingForNearestClause(ofCompiled text: String, held: Set<Attribute>,
                                               catalog: AttributeCatalog) -> [String]? {
        guard let policy = try? Policy(parsing: text, options: .freeForm) else { return nil }
        let readable = policy.root.readable(domainOf: catalog.numericDomain(forKey:))
        return readable.nearestMissingLeaves { leaf in
            switch leaf {
            case .attribute(let attribute):
                return held.contains(attribute)
            case .comparison(let comparison):
                guard let domain = catalog.numericDomain(forKey: comparison.key) else { return false }
                switch BitCompiler.compile(comparison, domain: domain) {
                case .always: return true
                case .never: return false
                case .formula(let bits): return bits.isSatisfied(byAttributes: held)
                }
            default:
                return false
            }
        }.map(\.canonicalText)
    }
}
