import BLS12381
import VaultSupport

extension FABEO {
    /// The Fujisaki–Okamoto check without re-encrypting row by row. With the
    /// scalars s0, s1,j, v re-derived from the seed, an honest ciphertext has
    /// C0 = [s0]g2, C1,j = [s1,j]g2 and, for every row i with share
    /// λi = Mi·v, Ci = [λi]H0 + [s1,j(i)]H(ρ(i)). The rows are tested at once
    /// with fresh random 128-bit weights wi (the small-exponent batch test of
    /// Bellare–Garay–Rabin, Eurocrypt 1998):
    ///
    ///   Σ [wi]Ci = [Σ wi·λi]H0 + Σ_j [s1,j](Σ_{j(i)=j} [wi]H(ρ(i))).
    ///
    /// The weights are drawn after the ciphertext is fixed and never reused,
    /// so the two sums of public points with weights go through the
    /// variable-time MSM; the secret scalars Σ wi·λi and s1,j multiply in
    /// constant time. docs/ABE.md says why this equality, with the subgroup
    /// checks decoding already made, is the exact comparison.
    public static func isReencryption(_ ciphertext: Ciphertext, publicKey: PublicKey, matrix: LSSSMatrix,
                                      randomness: inout some ScalarSource) throws(ABEError) -> Bool {
        // The same draws, in the same order, as `encrypt`.
        let tau = max(1, matrix.maxOccurrence)
        let s0 = randomness.next()
        let s1 = (0..<tau).map { _ in randomness.next() }
        let v = [s0] + (1..<max(1, matrix.columnCount)).map { _ in randomness.next() }
        guard ciphertext.rows.count == matrix.rowCount, ciphertext.c1.count == tau else { return false }
        // The re-derived points are compared with the public ciphertext; an
        // honest one equals it, so (as in the row-by-row check) each point is
        // declassified before the variable-time comparison.
        let g2PointsMatch: @Sendable () -> Bool = {
            ciphertext.c0 == ConstantTime.declassify(G2Point.generatorMultiple(s0))
                && zip(ciphertext.c1, s1).allSatisfy({ $0 == ConstantTime.declassify(G2Point.generatorMultiple($1)) })
        }
        guard matrix.rowCount > 0 else { return g2PointsMatch() }

        var weightBytes = SecureRandom.bytes(16 * matrix.rowCount)
        defer { scrub(&weightBytes) }
        let weights = (0..<matrix.rowCount).map { Scalar(reducing: weightBytes[(16 * $0)..<(16 * $0 + 16)]) }
        var h0Coefficient = Scalar.zero
        var attributePoints = [[G1Point]](repeating: [], count: tau)
        var attributeWeights = [[Scalar]](repeating: [], count: tau)
        for i in 0..<matrix.rowCount {
            var share = Scalar.zero
            for cell in matrix.sparseRows[i] { share += cell.entry.scalar * v[cell.column] }
            h0Coefficient += weights[i] * share
            let j = matrix.occurrences[i] - 1
            attributePoints[j].append(hasher.hash(AttributeHasher.attributeLabel(matrix.rowAttributes[i])))
            attributeWeights[j].append(weights[i])
        }
        // Two halves of about equal work on two cores (docs/ABE.md): the G2
        // points and the weighted rows, then the weighted re-derivation.
        let (h0, points, pointWeights) = (h0Coefficient, attributePoints, attributeWeights)
        let (left, right) = bothAtOnce({ () -> G1Point? in
            g2PointsMatch() ? G1Point.multiScalarMultiply(ciphertext.rows, weights) : nil
        }, {
            var right = publicKey.h0Table.multiply(h0)
            for j in 0..<tau { right += G1Point.multiScalarMultiply(points[j], pointWeights[j]) * s1[j] }
            return right
        })
        guard let left else { return false }
        return left == ConstantTime.declassify(right)
    }
}
