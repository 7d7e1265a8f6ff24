import ABE

/// What the tuner minimizes: the exact size of the record container
/// (`CiphertextSize.containerBytes`, shared with the container writer), from
/// a policy's LSSS rows, its most repeated attribute and the bytes of its
/// binary encoding. Nothing is encrypted.
///
/// Inside a search, where formulas are costed by composing their parts,
/// the policy part is ranked by the length of its bit-level canonical text
/// (`searchBytes`): it composes exactly over subformulas, whereas the
/// binary encoding's tables depend on the whole policy. Every decision
/// between finished candidates, and every size the tuner reports, uses the
/// exact container size (`bytes`).
public struct SizeObjective: Hashable, Sendable {
    public let scheme: SchemeID
    /// FAME refuses a policy that uses one attribute more often than the
    /// keys' reuse bound; a candidate over the bound loses to every candidate
    /// within it. Nil: no bound known.
    public let maxOccurrenceLimit: Int?

    public init(scheme: SchemeID, maxOccurrenceLimit: Int? = nil) {
        self.scheme = scheme
        self.maxOccurrenceLimit = maxOccurrenceLimit
    }

    /// The exact container bytes (empty record).
    public func bytes(rows: Int, maxOccurrence: Int, policyBytes: Int) -> Int {
        CiphertextSize.containerBytes(scheme: scheme, rows: rows, maxOccurrence: maxOccurrence, policyBytes: policyBytes)
    }

    /// The exact container bytes of `policy` (empty record).
    public func bytes(of policy: Policy) -> Int {
        CiphertextSize.containerBytes(scheme: scheme, policy: policy)
    }

    /// The search's ranking: the container with the policy part counted as
    /// its bit-level text length.
    func searchBytes(rows: Int, maxOccurrence: Int, policyTextBytes: Int) -> Int {
        bytes(rows: rows, maxOccurrence: maxOccurrence, policyBytes: policyTextBytes)
    }

    func cost(rows: Int, maxOccurrence: Int, textBytes: Int) -> Cost {
        Cost(overLimit: maxOccurrenceLimit.map { maxOccurrence > $0 } ?? false,
             bytes: searchBytes(rows: rows, maxOccurrence: maxOccurrence, policyTextBytes: textBytes),
             maxOccurrence: maxOccurrence, rows: rows, textBytes: textBytes)
    }

    /// Cost of a bit-level tree, from the tree alone (its leaves are the LSSS
    /// rows, in order, so rows and τ equal those of `LSSSBuilder.build`).
    func cost(of formula: PolicyNode) -> Cost {
        var counts: [Attribute: Int] = [:]
        for case .attribute(let attribute) in formula.leaves { counts[attribute, default: 0] += 1 }
        return cost(rows: formula.leafCount, maxOccurrence: counts.values.max() ?? 0,
                    textBytes: formula.canonicalText.utf8.count)
    }
}

/// A candidate's size, ordered so that smaller is better: within the FAME
/// reuse bound first, then container bytes, then the most repeated
/// attribute (FABEO pays 96 bytes per repetition level, already in bytes;
/// for FAME it only decides which keys can decrypt, so it breaks ties), then
/// rows, then text.
struct Cost: Hashable, Comparable, Sendable {
    var overLimit: Bool
    var bytes: Int
    var maxOccurrence: Int
    var rows: Int
    var textBytes: Int

    static func < (lhs: Cost, rhs: Cost) -> Bool {
        (lhs.overLimit ? 1 : 0, lhs.bytes, lhs.maxOccurrence, lhs.rows, lhs.textBytes)
            < (rhs.overLimit ? 1 : 0, rhs.bytes, rhs.maxOccurrence, rhs.rows, rhs.textBytes)
    }

    static let worst = Cost(overLimit: true, bytes: .max, maxOccurrence: .max, rows: .max, textBytes: .max)
}
