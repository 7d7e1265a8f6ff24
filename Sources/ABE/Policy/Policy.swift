/// A checked access policy: its normalized syntax tree, the numeric domains
/// of the keys it compares, and its compilation to bit attributes, from
/// which the LSSS matrix is built.
public struct Policy: Hashable, Sendable {
    /// The normalized syntax tree (comparisons not yet compiled).
    public let root: PolicyNode
    /// Domains (bit widths and offsets) of the keys compared in `root`.
    public let domains: [String: NumericDomain]
    /// `root` with every comparison replaced by its bit formula; only
    /// attribute leaves. Its leaves are the LSSS rows, in order.
    public let compiled: PolicyNode
    public let numericEncoding: NumericEncoding

    /// Reads and checks policy text. Errors point at the text.
    public init(parsing text: String, options: PolicyOptions = .standard) throws(PolicyError) {
        var parser = try PolicyParser(text: text, options: options)
        let tree = try parser.parsePolicy()
        let locations = parser.leafLocations
        try self.init(checking: tree, options: options) { index in
            locations.indices.contains(index) ? locations[index] : nil
        }
    }

    /// Checks a tree built in code or read from JSON, exactly as text is checked.
    public init(tree: PolicyNode, options: PolicyOptions = .standard) throws(PolicyError) {
        try self.init(checking: tree, options: options) { _ in nil }
    }

    /// Reads the JSON form of the tree (see `PolicyNode.init(jsonText:)`).
    public init(jsonText: String, options: PolicyOptions = .standard) throws(PolicyError) {
        try self.init(tree: try PolicyNode(jsonText: jsonText), options: options)
    }

    /// Checks a tree read from a binary encoding, whose compared keys come
    /// with their domains (nothing is looked up in a catalog).
    init(decodedTree tree: PolicyNode, domains: [String: NumericDomain], options: PolicyOptions) throws(PolicyError) {
        try self.init(checking: tree, options: options, fixedDomains: domains) { _ in nil }
    }

    private init(checking tree: PolicyNode, options: PolicyOptions, fixedDomains: [String: NumericDomain]? = nil,
                 locate: (Int) -> SourceLocation?) throws(PolicyError) {
        let root = tree.normalized()
        // Every leaf of a checked tree compiles to at least one row, so the
        // leaf count bounds the rows from below: refuse before compiling,
        // whose cost grows faster than the tree (a 64 KiB policy of 13,108
        // leaves took seconds to refuse; issue 12's bounded work).
        let leaves = root.leafCount
        guard leaves <= options.limits.maxRows else {
            throw PolicyError(.tooManyRows(rows: leaves, limit: options.limits.maxRows))
        }
        let domains = try PolicyChecker(options: options, fixedDomains: fixedDomains).check(tree: root, locate: locate)
        let compiled = Self.compile(root, domains: domains, encoding: options.numericEncoding)
        let rows = compiled.leafCount
        guard rows <= options.limits.maxRows else {
            throw PolicyError(.tooManyRows(rows: rows, limit: options.limits.maxRows))
        }
        self.root = root
        self.domains = domains
        self.compiled = compiled
        self.numericEncoding = options.numericEncoding
    }

    /// Replaces comparisons by bit formulas. Checked comparisons are never
    /// constant, so no constant survives; the folding below only keeps the
    /// function total.
    static func compile(_ node: PolicyNode, domains: [String: NumericDomain],
                        encoding: NumericEncoding) -> PolicyNode {
        func fold(_ node: PolicyNode) -> BitCondition {
            switch node {
            case .attribute:
                return .formula(node)
            case .comparison(let comparison):
                guard let domain = domains[comparison.key] else { return .never }
                return BitCompiler.compile(comparison, domain: domain, encoding: encoding)
            case .and(let children):
                return BitCondition.combine(children.map(fold), isAnd: true)
            case .or(let children):
                return BitCondition.combine(children.map(fold), isAnd: false)
            case .threshold(let k, let children):
                let folded = children.map(fold)
                let needed = k - folded.filter { $0 == .always }.count
                let open = folded.compactMap { condition -> PolicyNode? in
                    if case .formula(let formula) = condition { return formula }
                    return nil
                }
                if needed <= 0 { return .always }
                if needed > open.count { return .never }
                return .formula(PolicyNode.threshold(needed, open).normalized())
            }
        }
        switch fold(node) {
        case .formula(let formula): return formula.normalized()
        // Unreachable for checked trees; an empty OR satisfies nobody.
        case .always, .never: return .or([])
        }
    }

    // MARK: What the policy says

    /// Canonical text: what is stored with a ciphertext and shown to people.
    public var canonicalText: String { root.canonicalText }

    /// Canonical text of the compiled tree: readable without the catalog
    /// (bit attributes are part of the grammar), so a matrix can be rebuilt
    /// even if the catalog's widths change later.
    public var compiledText: String { compiled.canonicalText }

    /// Distinct attributes named in the policy (not bits), sorted.
    public var attributes: [Attribute] {
        Set(root.leaves.compactMap { leaf -> Attribute? in
            if case .attribute(let attribute) = leaf { return attribute }
            return nil
        }).sorted()
    }

    /// Distinct compared keys, sorted.
    public var comparedKeys: [String] { domains.keys.sorted() }

    /// Distinct attributes of the compiled tree (what keys must hold), sorted.
    public var compiledAttributes: [Attribute] {
        Set(compiled.leaves.compactMap { leaf -> Attribute? in
            if case .attribute(let attribute) = leaf { return attribute }
            return nil
        }).sorted()
    }

    /// Source-level evaluation (comparisons on integers).
    public func isSatisfied(by set: AttributeSet) -> Bool {
        root.isSatisfied(by: set)
    }

    /// The LSSS matrix of the compiled tree (rebuilt on each call).
    public func lsss() -> LSSSMatrix {
        LSSSBuilder.build(compiled)
    }
}

extension PolicyNode {
    /// This tree with every comparison replaced by its bit formula in the
    /// given domains, normalized. For trees that passed the checks (as in
    /// `Policy`) no constant remains; a tree that folds to a constant comes
    /// back as an empty OR.
    public func compiledToBits(domains: [String: NumericDomain],
                               encoding: NumericEncoding = .sharedPrefix) -> PolicyNode {
        Policy.compile(self, domains: domains, encoding: encoding)
    }
}
