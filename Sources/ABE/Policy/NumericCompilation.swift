/// The result of compiling a comparison to bits: a formula over bit
/// attributes, or a constant when the comparison does not depend on the value.
public enum BitCondition: Hashable, Sendable {
    case always
    case never
    case formula(PolicyNode)

    static func and(_ a: BitCondition, _ b: BitCondition) -> BitCondition {
        switch (a, b) {
        case (.never, _), (_, .never): return .never
        case (.always, let other), (let other, .always): return other
        case (.formula(let x), .formula(let y)): return .formula(PolicyNode.and([x, y]).normalized())
        }
    }

    static func or(_ a: BitCondition, _ b: BitCondition) -> BitCondition {
        switch (a, b) {
        case (.always, _), (_, .always): return .always
        case (.never, let other), (let other, .never): return other
        case (.formula(let x), .formula(let y)): return .formula(PolicyNode.or([x, y]).normalized())
        }
    }

    /// The AND (`isAnd`) or OR of many conditions at once: the same tree as
    /// folding `and`/`or` pairwise (normalizing flattens in order either
    /// way), built and normalized once instead of once per child, which was
    /// quadratic: a 1,024-leaf OR took 60 ms to compile (issue 12).
    static func combine(_ conditions: [BitCondition], isAnd: Bool) -> BitCondition {
        let absorbing: BitCondition = isAnd ? .never : .always
        var formulas = [PolicyNode]()
        for condition in conditions {
            switch condition {
            case absorbing: return absorbing
            case .formula(let formula): formulas.append(formula)
            default: continue  // the neutral constant
            }
        }
        switch formulas.count {
        case 0: return isAnd ? .always : .never
        case 1: return .formula(formulas[0])
        default: return .formula((isAnd ? PolicyNode.and(formulas) : .or(formulas)).normalized())
        }
    }

    /// Whether a value whose bits are `bits` (bit b = (bits >> b) & 1) satisfies it.
    public func holds(key: String, bits: Int) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .formula(let node):
            return node.evaluate(attribute: { attribute in
                guard case .bit(let bitKey, let position, let isSet) = attribute, bitKey == key else { return false }
                return ((bits >> position) & 1 == 1) == isSet
            }, comparison: { _ in false })
        }
    }
}

/// How a two-sided range is written in bits. The tuner may pick either.
public enum NumericEncoding: String, Hashable, Sendable, CaseIterable, Codable {
    /// Fix the bits that all values of the range share, then compare the
    /// rest: never more leaves than `bothBounds`, often fewer.
    case sharedPrefix
    /// `x >= low AND x <= high`, each compiled on its own.
    case bothBounds
}

/// Compiles comparisons of an unsigned `width`-bit value x with a constant
/// into monotone formulas over the bit attributes `key#bN=0|1` (bag of bits,
/// Bethencourt–Sahai–Waters 2007 §4.3). Going from the most significant bit
/// down, x >= c holds when x has a 1 where c has 0 and x agrees with c above,
/// or when x agrees with c all the way. Every key holds exactly one of
/// `key#bN=0` and `key#bN=1` for each N, which makes the formulas exact.
public enum BitCompiler {
    static func bit(_ key: String, _ position: Int, _ isSet: Bool) -> BitCondition {
        .formula(.attribute(.bit(key: key, position: position, isSet: isSet)))
    }

    /// x >= c: at most `width` leaves.
    public static func atLeast(_ c: Int, key: String, width: Int) -> BitCondition {
        if c <= 0 { return .always }
        if c > maxValue(width) { return .never }
        // Built from the least significant bit up; trailing zero bits of c
        // fold away because (x_b = 1) OR always = always.
        var condition = BitCondition.always
        for position in 0..<width {
            condition = (c >> position) & 1 == 1
                ? .and(bit(key, position, true), condition)
                : .or(bit(key, position, true), condition)
        }
        return condition
    }

    /// x <= c: at most `width` leaves (the mirror image of `atLeast`).
    public static func atMost(_ c: Int, key: String, width: Int) -> BitCondition {
        if c < 0 { return .never }
        if c >= maxValue(width) { return .always }
        var condition = BitCondition.always
        for position in 0..<width {
            condition = (c >> position) & 1 == 1
                ? .or(bit(key, position, false), condition)
                : .and(bit(key, position, false), condition)
        }
        return condition
    }

    /// x == c: all `width` bits fixed.
    public static func exactly(_ c: Int, key: String, width: Int) -> BitCondition {
        if c < 0 || c > maxValue(width) { return .never }
        var condition = BitCondition.always
        for position in 0..<width {
            condition = .and(bit(key, position, (c >> position) & 1 == 1), condition)
        }
        return condition
    }

    /// low <= x <= high.
    public static func between(_ low: Int, _ high: Int, key: String, width: Int,
                               encoding: NumericEncoding = .sharedPrefix) -> BitCondition {
        let low = max(low, 0)
        let high = min(high, maxValue(width))
        if low > high { return .never }
        if encoding == .bothBounds || low == 0 || high == maxValue(width) {
            return .and(atLeast(low, key: key, width: width), atMost(high, key: key, width: width))
        }
        if low == high { return exactly(low, key: key, width: width) }
        // The highest bit p where low and high differ has low_p = 0 and
        // high_p = 1; above p every value of the range has the same bits.
        var p = width - 1
        while (low >> p) & 1 == (high >> p) & 1 { p -= 1 }
        var prefix = BitCondition.always
        for position in (p + 1)..<width {
            prefix = .and(bit(key, position, (low >> position) & 1 == 1), prefix)
        }
        let lowMask = (1 << p) - 1
        let lowerHalf = atLeast(low & lowMask, key: key, width: p)   // values with x_p = 0
        let upperHalf = atMost(high & lowMask, key: key, width: p)   // values with x_p = 1
        // (x_p=0 AND A) OR (x_p=1 AND B), simplified with "exactly one of
        // x_p=0, x_p=1 is held": if A is always true, x_p=0 OR B suffices.
        let split: BitCondition
        switch (lowerHalf, upperHalf) {
        case (.always, .always): split = .always
        case (.always, _): split = .or(bit(key, p, false), upperHalf)
        case (_, .always): split = .or(lowerHalf, bit(key, p, true))
        default: split = .or(.and(bit(key, p, false), lowerHalf), .and(bit(key, p, true), upperHalf))
        }
        return .and(prefix, split)
    }

    /// A comparison in `domain`, over its offset-encoded bits.
    public static func compile(_ comparison: NumericComparison, domain: NumericDomain,
                               encoding: NumericEncoding = .sharedPrefix) -> BitCondition {
        let key = comparison.key
        let width = domain.width
        // Constants are first clamped to the domain so that offsets cannot overflow.
        func encoded(_ literal: NumericLiteral) -> Int {
            min(max(literal.integerValue, domain.minimum - 1), domain.maximum + 1) - domain.minimum
        }
        switch comparison.constraint {
        case .compare(let op, let literal):
            let c = encoded(literal)
            switch op {
            case .greaterOrEqual: return atLeast(c, key: key, width: width)
            case .greater: return atLeast(c + 1, key: key, width: width)
            case .lessOrEqual: return atMost(c, key: key, width: width)
            case .less: return atMost(c - 1, key: key, width: width)
            case .equal: return exactly(c, key: key, width: width)
            }
        case .range(let low, let high):
            return between(encoded(low), encoded(high), key: key, width: width, encoding: encoding)
        }
    }

    static func maxValue(_ width: Int) -> Int { (1 << width) - 1 }
}
