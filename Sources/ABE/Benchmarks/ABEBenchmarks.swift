import BLS12381

/// The figures of `vault bench abe`: setup, key generation, encryption and
/// decryption (with the CCA re-encryption check) for AND-only and OR-only
/// policies of several sizes, each time also as a multiple of one pairing
/// measured in the same run, and each container's byte breakdown.
public enum ABEBenchmarks {
    public static let defaultSizes = [1, 5, 10, 20, 50, 100]

    public struct Case: Sendable {
        public let scheme: SchemeID
        public let shape: String          // "and" or "or"
        public let attributes: Int
        public let setupNanoseconds: Double
        public let keygenNanoseconds: Double
        public let encryptNanoseconds: Double
        public let decryptNanoseconds: Double
        public let bytes: ContainerInspection.Bytes
    }

    public struct Report: Sendable {
        public let pairingNanoseconds: Double
        public let recordBytes: Int
        public let cases: [Case]

        public func pairings(_ ns: Double) -> Double { ns / pairingNanoseconds }

        public var json: String {
            func n(_ x: Double) -> String { String(Int(x.rounded())) }
            func r(_ x: Double) -> String { let v = (x * 100).rounded() / 100; return "\(v)" }
            var schemes = [String]()
            for scheme in SchemeID.allCases {
                let entries = cases.filter { $0.scheme == scheme }.map { c in
                    "    \"\(c.shape)_\(c.attributes)\": {\"attributes\": \(c.attributes), "
                        + "\"setup_ns\": \(n(c.setupNanoseconds)), \"setup_pairings\": \(r(pairings(c.setupNanoseconds))), "
                        + "\"keygen_ns\": \(n(c.keygenNanoseconds)), \"keygen_pairings\": \(r(pairings(c.keygenNanoseconds))), "
                        + "\"encrypt_ns\": \(n(c.encryptNanoseconds)), \"encrypt_pairings\": \(r(pairings(c.encryptNanoseconds))), "
                        + "\"decrypt_ns\": \(n(c.decryptNanoseconds)), \"decrypt_pairings\": \(r(pairings(c.decryptNanoseconds))), "
                        + "\"bytes\": {\"header\": \(c.bytes.header), \"policy\": \(c.bytes.policy), \"kem\": \(c.bytes.kem), "
                        + "\"aead\": \(c.bytes.aead), \"total\": \(c.bytes.total)}}"
                }
                if !entries.isEmpty { schemes.append("  \"\(scheme)\": {\n" + entries.joined(separator: ",\n") + "\n  }") }
            }
            return "{\n  \"pairing_median_ns\": \(n(pairingNanoseconds)),\n  \"record_bytes\": \(recordBytes),\n"
                + schemes.joined(separator: ",\n") + "\n}"
        }
    }

    /// Runs the benchmark. `budget` bounds the time spent per measured operation.
    public static func run(schemes: [SchemeID] = SchemeID.allCases, sizes: [Int] = defaultSizes,
                           recordBytes: Int = 1024, budget: Duration = .milliseconds(300),
                           progress: (String) -> Void = { _ in }) throws -> Report {
        let p = G1Point.generator * Scalar.random(), q = G2Point.generator * Scalar.random()
        let pairingTime = measureMedian("pairing", budget: budget) { blackHole(pairing(p, q)) }.medianNanoseconds
        let record = [UInt8](repeating: 0x42, count: recordBytes)
        var cases = [Case]()
        for scheme in schemes {
            let setup = measureMedian("setup", budget: budget, minimumRuns: 3) { blackHole(KeyAuthority.setup(scheme: scheme)) }
            let (pp, ms) = KeyAuthority.setup(scheme: scheme)
            for shape in ["and", "or"] {
                for size in sizes {
                    let names = (1...size).map { "attr\($0)" }
                    let policyText = names.joined(separator: shape == "and" ? " AND " : " OR ")
                    let policy = try Policy(parsing: policyText, options: .freeForm)
                    // The key holds every attribute for AND and only the last for OR.
                    let held = shape == "and" ? names : [names[names.count - 1]]
                    let set = try AttributeSet(parsing: held.joined(separator: ", "), options: .freeForm)
                    progress("\(scheme) \(shape) \(size)")
                    let keygen = measureMedian("keygen", budget: budget, minimumRuns: 3) {
                        blackHole(try? KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: set, attributesText: "", validUntil: nil))
                    }
                    let key = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: set, attributesText: "", validUntil: nil)
                    let encrypt = measureMedian("encrypt", budget: budget, minimumRuns: 3) {
                        blackHole(try? RecordContainer.seal(record, publicParameters: pp, policy: policy))
                    }
                    let container = try RecordContainer.seal(record, publicParameters: pp, policy: policy)
                    guard try RecordContainer.open(container, key: key) == record else { throw ABEError.integrityCheckFailed }
                    let decrypt = measureMedian("decrypt", budget: budget, minimumRuns: 3) {
                        blackHole(try? RecordContainer.open(container, key: key))
                    }
                    cases.append(Case(scheme: scheme, shape: shape, attributes: size,
                                      setupNanoseconds: setup.medianNanoseconds, keygenNanoseconds: keygen.medianNanoseconds,
                                      encryptNanoseconds: encrypt.medianNanoseconds, decryptNanoseconds: decrypt.medianNanoseconds,
                                      bytes: try ContainerInspection(bytes: container).bytes))
                }
            }
        }
        return Report(pairingNanoseconds: pairingTime, recordBytes: recordBytes, cases: cases)
    }
}
