import ABE

/// The cheapest formula of all, for a policy whose bit-level function has
/// at most five essential attributes: the minimum of the objective over
/// every formula with AND, OR and k-of-m gates that has the same truth
/// table (found by `ExactSynthesis`).
public struct ExactMinimum: Hashable, Sendable {
    public let rows: Int
    public let maxOccurrence: Int
    /// Bytes of the formula's binary encoding (`PolicyEncoding`).
    public let policyBytes: Int
    /// Container bytes with this formula (`SizeObjective.bytes`, exact).
    public let bytes: Int
    /// One formula that reaches the minimum.
    public let formula: PolicyNode

    public static let maxAttributes = 5

    enum Outcome {
        case found(ExactMinimum)
        /// The search grew past its limit; the minimum is unknown.
        case tooLarge
        case notApplicable
    }

    /// The minimum for `formula`, which depends on exactly `attributes`;
    /// `upperBound` is the search cost (`PolicySize.searchCost`) of a known
    /// formula for it. The search ranks formulas as every search does
    /// (`SizeObjective.searchBytes`); the minimum's bytes are then exact.
    static func compute(_ formula: PolicyNode, attributes: [Attribute], objective: SizeObjective,
                        upperBound: Cost) -> Outcome {
        guard (1...maxAttributes).contains(attributes.count) else { return .notApplicable }
        var target: UInt32 = 0
        for assignment in 0..<(1 << attributes.count) {
            let held = Set(attributes.indices.filter { (assignment >> $0) & 1 == 1 }.map { attributes[$0] })
            if formula.isSatisfied(byAttributes: held) { target |= 1 << UInt32(assignment) }
        }
        let inputs = attributes.map {
            ExactSynthesis.Input(rows: 1, textLength: $0.description.utf8.count, kind: .leaf, maxOccurrence: 1)
        }
        do {
            guard let (minimum, _) = try ExactSynthesis.minimum(target: target, inputs: inputs, objective: objective,
                                                                upperBound: upperBound) else { return .notApplicable }
            let node = minimum.policyNode { .attribute(attributes[$0]) }
            var counts: [Attribute: Int] = [:]
            for case .attribute(let attribute) in node.leaves { counts[attribute, default: 0] += 1 }
            let repetition = counts.values.max() ?? 0
            var options = PolicyOptions.freeForm
            options.limits = ContainerLimits.storedPolicyOptions.limits
            guard let policy = try? Policy(tree: node, options: options) else { return .notApplicable }
            let policyBytes = CiphertextSize.policyBytes(policy)
            return .found(ExactMinimum(rows: node.leafCount, maxOccurrence: repetition, policyBytes: policyBytes,
                                       bytes: objective.bytes(rows: node.leafCount, maxOccurrence: repetition, policyBytes: policyBytes),
                                       formula: node))
        } catch {
            return .tooLarge
        }
    }
}
