import ABE

/// Whether one bit-level policy admits only keys the other admits: used to
/// refuse a consent revocation that would widen access. Built as ROBDDs over
/// one variable order (Bryant 1986): `a` implies `b` exactly when a ∧ ¬b is
/// the zero function. Over all attribute sets (no care set), so it may call
/// a narrowing "widening" only if the narrowing relies on keys no catalog
/// can issue; it never misses a widening.
public enum PolicyImplication {
    /// nil when the diagrams outgrow `nodeLimit`.
    public static func implies(_ a: PolicyNode, _ b: PolicyNode, nodeLimit: Int = 250_000) -> Bool? {
        let order = VariableOrder(formulas: [a, b], domains: [:])
        var bdd = ROBDD(nodeLimit: nodeLimit)
        do {
            let f = try bdd.build(a, level: order.level)
            let g = try bdd.build(b, level: order.level)
            return try bdd.and(f, try bdd.not(g)) == ROBDD.zero
        } catch {
            return nil
        }
    }
}
