import BLS12381

/// Reconstruction coefficients: Σ γ_i · M_i = (1, 0, …, 0) over Fr for the
/// chosen rows i.
public struct Reconstruction: Hashable, Sendable {
    /// Matrix rows used, increasing.
    public let rows: [Int]
    /// γ_i for each entry of `rows`, same order.
    public let coefficients: [Scalar]
    /// ρ(i) for each entry of `rows`.
    public let attributes: [Attribute]
    /// j(i) for each entry of `rows` (occurrence of the attribute, from 1).
    public let occurrences: [Int]
}

extension LSSSEntry {
    /// The entry in Fr.
    public var scalar: Scalar {
        if isZero { return .zero }
        // Square and multiply; exponents are below the number of children.
        var result = Scalar.one
        var square = Scalar(UInt64(base))
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = result * square }
            square = square * square
            remaining >>= 1
        }
        return isNegative ? -result : result
    }
}

extension LSSSMatrix {
    /// Row i in Fr, `columnCount` entries.
    public func scalarRow(_ index: Int) -> [Scalar] {
        var dense = [Scalar](repeating: .zero, count: columnCount)
        for cell in sparseRows[index] { dense[cell.column] = cell.entry.scalar }
        return dense
    }

    /// Decryption's choice: the satisfying subset with the fewest rows (ties:
    /// fewest distinct attributes) and its coefficients; nil when
    /// `attributes` (bit attributes included, see `AttributeSet.keyAttributes`)
    /// do not satisfy the policy.
    public func reconstruction(for attributes: Set<Attribute>) -> Reconstruction? {
        guard let rows = minimalSatisfyingRows(for: attributes),
              let coefficients = reconstructionCoefficients(rows: rows) else { return nil }
        return Reconstruction(rows: rows, coefficients: coefficients,
                              attributes: rows.map { rowAttributes[$0] },
                              occurrences: rows.map { occurrences[$0] })
    }

    /// Solves Σ γ_i M_i = (1, 0, …, 0) for the given rows by Gaussian
    /// elimination over Fr (public data, so variable time is fine); free
    /// unknowns are set to 0. Nil when the target is not in their span.
    public func reconstructionCoefficients(rows: [Int]) -> [Scalar]? {
        guard rows.allSatisfy({ sparseRows.indices.contains($0) }) else { return nil }
        // Only columns some chosen row touches give non-trivial equations;
        // column 0 stays because its target is 1.
        var columns = Set<Int>([0])
        for row in rows { for cell in sparseRows[row] { columns.insert(cell.column) } }
        let equationColumns = columns.sorted()
        let position = Dictionary(uniqueKeysWithValues: equationColumns.enumerated().map { ($1, $0) })
        let unknowns = rows.count
        // One equation per column: Σ_i γ_i M[rows[i]][column] = target[column].
        var system = [[Scalar]](repeating: [Scalar](repeating: .zero, count: unknowns + 1),
                                count: equationColumns.count)
        for (unknown, row) in rows.enumerated() {
            for cell in sparseRows[row] {
                if let equation = position[cell.column] { system[equation][unknown] = cell.entry.scalar }
            }
        }
        system[0][unknowns] = .one

        // Fraction-free Gauss–Jordan elimination: another equation E becomes
        // p·E − f·P for the pivot equation P (pivot p, E's entry f), so no
        // division happens until the end, where all pivots are inverted at
        // once. Inversion is by far the most expensive field operation.
        var pivots: [(equation: Int, unknown: Int)] = []
        for unknown in 0..<unknowns where pivots.count < system.count {
            let pivotRow = pivots.count
            guard let found = (pivotRow..<system.count).first(where: { !system[$0][unknown].isZero }) else { continue }
            system.swapAt(pivotRow, found)
            let pivot = system[pivotRow][unknown]
            let pivotNonZero = (0...unknowns).filter { !system[pivotRow][$0].isZero }
            for other in 0..<system.count where other != pivotRow && !system[other][unknown].isZero {
                let factor = system[other][unknown]
                for column in 0...unknowns where !system[other][column].isZero {
                    system[other][column] = pivot * system[other][column]
                }
                for column in pivotNonZero {
                    system[other][column] = system[other][column] - factor * system[pivotRow][column]
                }
            }
            pivots.append((pivotRow, unknown))
        }
        // An equation 0 = non-zero means the target is out of reach.
        for equation in pivots.count..<system.count where !system[equation][unknowns].isZero { return nil }
        // Each pivot equation now reads d·γ_u = rhs (free unknowns are 0).
        guard let inverses = Self.batchInverse(pivots.map { system[$0.equation][$0.unknown] }) else { return nil }
        var coefficients = [Scalar](repeating: .zero, count: unknowns)
        for (index, pivot) in pivots.enumerated() {
            coefficients[pivot.unknown] = system[pivot.equation][unknowns] * inverses[index]
        }
        return coefficients
    }

    /// Inverts non-zero scalars with one field inversion (Montgomery's trick:
    /// invert the product, then peel off one factor at a time).
    static func batchInverse(_ values: [Scalar]) -> [Scalar]? {
        var prefix: [Scalar] = []
        prefix.reserveCapacity(values.count)
        var running = Scalar.one
        for value in values {
            prefix.append(running)
            running = running * value
        }
        // AND/OR-only systems have pivots ±1, whose product is its own inverse.
        let minusOne = -Scalar.one
        guard var inverse = running == .one || running == minusOne ? running : running.inverse() else { return nil }
        var result = [Scalar](repeating: .zero, count: values.count)
        for index in values.indices.reversed() {
            result[index] = inverse * prefix[index]
            inverse = inverse * values[index]
        }
        return result
    }
}
