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

        // Forward elimination to reduced row echelon form.
        var pivotColumns: [Int] = []
        var pivotRow = 0
        for unknown in 0..<unknowns where pivotRow < system.count {
            guard let found = (pivotRow..<system.count).first(where: { !system[$0][unknown].isZero }) else { continue }
            system.swapAt(pivotRow, found)
            guard let inverse = system[pivotRow][unknown].inverse() else { continue }
            for column in unknown...unknowns { system[pivotRow][column] = system[pivotRow][column] * inverse }
            for other in 0..<system.count where other != pivotRow && !system[other][unknown].isZero {
                let factor = system[other][unknown]
                for column in unknown...unknowns {
                    system[other][column] = system[other][column] - factor * system[pivotRow][column]
                }
            }
            pivotColumns.append(unknown)
            pivotRow += 1
        }
        // An equation 0 = non-zero means the target is out of reach.
        for equation in pivotRow..<system.count where !system[equation][unknowns].isZero { return nil }
        var coefficients = [Scalar](repeating: .zero, count: unknowns)
        for (equation, unknown) in pivotColumns.enumerated() { coefficients[unknown] = system[equation][unknowns] }
        return coefficients
    }
}
