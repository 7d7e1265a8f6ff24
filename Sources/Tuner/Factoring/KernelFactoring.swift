/// Kernel factoring, after Brayton and McMullen ("The decomposition and
/// factorization of Boolean expressions", ISCAS 1982) and the GOOD_FACTOR
/// procedure of MIS (Brayton, Rudell, Sangiovanni-Vincentelli, Wang, IEEE
/// TCAD 1987): find a kernel K (a cube-free quotient of F by a cube), divide
/// F = Q·K ∨ R, then re-divide by the cube-free Q so that both factors are
/// as large as they can be, and factor Q, K and R recursively. Unlike
/// literal factoring it finds products of sums such as
/// (cardiologist ∨ nurse·ward)·(A ∨ B). The ordering picks which literal
/// the kernel search divides by at each step.
extension Factoring.Run {
    mutating func kernelSplit(_ cubes: [UInt64], shared: UInt64) -> Factored {
        let kernel = levelZeroKernel(cubes)
        let quotient = Cubes.divide(cubes, by: kernel)
        if quotient.count <= 1 {
            // A single co-kernel cube: pull out its first literal, as literal factoring would.
            let candidates = quotient.first.map { $0 & shared } ?? shared
            return literalSplit(cubes, shared: candidates != 0 ? candidates : shared)
        }
        let cubeFreeQuotient = Cubes.absorbed(quotient.map { $0 & ~Cubes.commonCube(quotient) })
        let divisor = Cubes.divide(cubes, by: cubeFreeQuotient)
        guard !divisor.isEmpty else { return literalSplit(cubes, shared: shared) }
        var covered: Set<UInt64> = []
        for q in cubeFreeQuotient { for d in divisor { covered.insert(q | d) } }
        let rest = cubes.filter { !covered.contains($0) }
        return .disjunction([
            .conjunction([factor(cubeFreeQuotient), factor(Cubes.absorbed(divisor))]),
            rest.isEmpty ? .constant(false) : factor(rest),
        ])
    }

    /// Divides by the first repeated literal of the ordering and removes the
    /// common cube, until no literal repeats: a level-0 kernel of F.
    func levelZeroKernel(_ cubes: [UInt64]) -> [UInt64] {
        var kernel = cubes
        while true {
            let shared = Cubes.shared(kernel)
            if shared == 0 { return kernel }
            let bit = Cubes.bit(order.first(in: shared))
            let quotient = kernel.filter { $0 & bit != 0 }.map { $0 & ~bit }
            let common = Cubes.commonCube(quotient)
            kernel = quotient.map { $0 & ~common }
        }
    }
}
