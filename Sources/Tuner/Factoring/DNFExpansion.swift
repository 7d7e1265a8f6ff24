/// Expands a formula over at most 64 literals into its minimal DNF (the
/// antichain of minimal satisfying literal sets). Products can explode, so
/// every intermediate sum is capped: nil means "too large, optimize the
/// parts instead".
enum DNFExpansion {
    static func expand(_ formula: Factored, limit: Int) -> [UInt64]? {
        switch formula {
        case .constant(let value):
            return value ? [0] : []
        case .literal(let index):
            guard index < Cubes.maxLiterals else { return nil }
            return [Cubes.bit(index)]
        case .or(let children):
            var cubes: [UInt64] = []
            for child in children {
                guard let expanded = expand(child, limit: limit) else { return nil }
                cubes.append(contentsOf: expanded)
            }
            let result = Cubes.absorbed(cubes)
            return result.count <= limit ? result : nil
        case .and(let children):
            var cubes: [UInt64] = [0]
            for child in children {
                guard let expanded = expand(child, limit: limit),
                      let product = Cubes.product(cubes, expanded, limit: limit) else { return nil }
                cubes = product
            }
            return cubes
        case .threshold(let k, let children):
            // atLeast[j] = minimal cubes making at least j children true,
            // updated one child at a time.
            var atLeast: [[UInt64]] = [[0]] + [[UInt64]](repeating: [], count: k)
            for child in children {
                guard let expanded = expand(child, limit: limit) else { return nil }
                for j in stride(from: k, through: 1, by: -1) where !atLeast[j - 1].isEmpty {
                    guard let product = Cubes.product(atLeast[j - 1], expanded, limit: limit) else { return nil }
                    let merged = Cubes.absorbed(atLeast[j] + product)
                    guard merged.count <= limit else { return nil }
                    atLeast[j] = merged
                }
            }
            return atLeast[k]
        }
    }
}
