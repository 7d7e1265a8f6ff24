/// The figures of `vault bench primitives`, keyed as in its JSON output.
public enum PrimitiveBenchmarks {
    public static let operationNames = [
        "fp_mul", "fp_inverse", "g1_mul_secret", "g1_mul_public", "g1_mul_fixed_base",
        "g2_mul_secret", "g2_mul_public", "gt_pow", "pairing", "multi_pairing_3", "multi_pairing_6",
        "hash_to_g1", "hash_to_g2", "g1_decompress", "g2_decompress", "msm_g1_100",
        "miller_loop", "final_exponentiation", "fp2_mul", "fp12_mul", "fp12_cyclotomic_sqr",
    ]

    /// Runs every benchmark (or those named in `only`), reporting each as it finishes.
    public static func run(budget: Duration = .milliseconds(400), only: Set<String>? = nil,
                           report: (BenchmarkResult) -> Void) {
        func bench(_ name: String, batch: Int = 1, _ body: () -> Void) {
            guard only == nil || only!.contains(name) else { return }
            report(measureMedian(name, batch: batch, budget: budget, body))
        }
        let a = Scalar.random(), b = Scalar.random()
        let p = G1Point.generator * a
        let q = G2Point.generator * b
        let e = pairing(p, q)
        let dst = Array("VAULT-BENCH-V01-with-BLS12381_XMD:SHA-256_SSWU_RO_".utf8)
        var x = Fp(7), y = Fp(11)

        bench("fp_mul", batch: 10_000) { x = x * y }
        bench("fp_inverse", batch: 10) { y = (y + x).inverse() }
        blackHole((x, y))
        bench("g1_mul_secret") { blackHole(p * a) }
        bench("g1_mul_public") { blackHole(p.multipliedPublic(by: a)) }
        bench("g1_mul_fixed_base") { blackHole(G1Point.generatorMultiple(a)) }
        bench("g2_mul_secret") { blackHole(q * a) }
        bench("g2_mul_public") { blackHole(q.multipliedPublic(by: a)) }
        bench("gt_pow") { blackHole(e.power(a)) }
        bench("pairing") { blackHole(pairing(p, q)) }
        let pairs = (0..<6).map { _ in (G1Point.generator * Scalar.random(), G2Point.generator * Scalar.random()) }
        bench("multi_pairing_3") { blackHole(multiPairing(Array(pairs.prefix(3)))) }
        bench("multi_pairing_6") { blackHole(multiPairing(pairs)) }
        var counter: UInt8 = 0
        bench("hash_to_g1") { counter &+= 1; blackHole(try? hashToG1([counter], dst: dst)) }
        bench("hash_to_g2") { counter &+= 1; blackHole(try? hashToG2([counter], dst: dst)) }
        let p1 = p.compressed(), q1 = q.compressed()
        bench("g1_decompress") { blackHole(try? G1Point(compressed: p1)) }
        bench("g2_decompress") { blackHole(try? G2Point(compressed: q1)) }
        let points = (0..<100).map { _ in G1Point.generator * Scalar.random() }
        let scalars = (0..<100).map { _ in Scalar.random() }
        bench("msm_g1_100") { blackHole(G1Point.multiScalarMultiply(points, scalars)) }
        let f = e.value
        bench("miller_loop") { var pair = MillerPair.affinePairs([(p.point, q.point)]); blackHole(millerLoop(&pair)) }
        bench("final_exponentiation") { blackHole(finalExponentiation(f)) }
        var u = Fp2(x, y), v = Fp2(y, x)
        bench("fp2_mul", batch: 1000) { u = u * v }
        var g = f
        bench("fp12_mul", batch: 100) { g = g * f }
        bench("fp12_cyclotomic_sqr", batch: 100) { g = g.cyclotomicSquared() }
        blackHole((u, v, g))
    }
}
