/// Literal factoring: pull out one literal at a time,
/// F = ℓ·(F ÷ ℓ) ∨ (cubes of F without ℓ), taking ℓ as the first shared
/// literal of the ordering. Fast, and optimal whenever the function is
/// read-once along that ordering; the ordering decides everything else.
extension Factoring.Run {
    mutating func literalSplit(_ cubes: [UInt64], shared: UInt64) -> Factored {
        let literal = order.first(in: shared)
        let bit = Cubes.bit(literal)
        let quotient = cubes.filter { $0 & bit != 0 }.map { $0 & ~bit }
        let rest = cubes.filter { $0 & bit == 0 }
        return .disjunction([
            .conjunction([.literal(literal), factor(Cubes.absorbed(quotient))]),
            rest.isEmpty ? .constant(false) : factor(rest),
        ])
    }
}
