import ABE
import BLS12381
import CTGrind

/// Runs every secret-scalar path of BLS12381, and the CP-ABE key
/// generation, encapsulation, decapsulation and key decoding of both schemes
/// (SchemeChecks.swift), with the secret bytes marked
/// undefined for valgrind (ctgrind method, ../shared/docs/BLS12-381.md §7).
/// Run it as `valgrind --error-exitcode=1 .build/release/bls-constant-time-check`:
/// any branch or memory index that depends on a secret is reported and fails
/// the run. Outputs are marked defined again before they are used.
/// `--pairings N` instead runs N pairings, for instruction counts under callgrind.

func secretScalar() -> Scalar {
    let bytes = (0..<64).map { _ in UInt8.random(in: 0...255) }
    bytes.withUnsafeBytes { ct_poison($0.baseAddress, UInt($0.count)) }
    return Scalar(reducing: bytes)
}

func declassify<T>(_ value: T) -> T {
    var copy = value
    withUnsafeBytes(of: &copy) { ct_unpoison($0.baseAddress, UInt($0.count)) }
    return copy
}

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "--pairings", let n = Int(arguments[2]) {
    let p = G1Point.generator * Scalar(5), q = G2Point.generator * Scalar(7)
    var acc = GT.one
    for _ in 0..<n { acc *= pairing(p, q) }
    print(acc == GT.one ? "unexpected" : "done")
} else {
    let g1 = G1Point.generator, g2 = G2Point.generator
    let e = pairing(g1, g2)
    let eTable = GTFixedBase(e)
    var checks = [String]()
    var exitCode: Int32 = 0
    func check(_ name: String, _ body: () -> Bool) {
        let ok = body()
        checks.append(name)
        if !ok { print("FAILED: \(name) computed a wrong value"); exitCode = 1 }
    }
    let k = secretScalar(), k2 = secretScalar()
    let public1 = declassify(k)
    check("scalar arithmetic and inversion") { declassify((k * k2 + k - k2) * k2.invertedOrZero()) == declassify((k * k2 + k - k2)) * declassify(k2).inverse()! }
    check("G1 constant-time multiplication") { declassify(g1 * k) == g1.multipliedPublic(by: public1) }
    check("G2 constant-time multiplication") { declassify(g2 * k) == g2.multipliedPublic(by: public1) }
    // Fixed bases build their tables only after a few direct calls: repeat
    // enough times that both the direct and the table path run on the secret.
    let tablePathCalls = 8
    check("G1 fixed-base multiplication") {
        (0..<tablePathCalls).allSatisfy { _ in declassify(G1Point.generatorMultiple(k)) == g1.multipliedPublic(by: public1) }
    }
    check("G2 fixed-base multiplication") {
        (0..<tablePathCalls).allSatisfy { _ in declassify(G2Point.generatorMultiple(k)) == g2.multipliedPublic(by: public1) }
    }
    check("GT exponentiation") {
        let direct = declassify(e.power(k))
        return (0..<tablePathCalls).allSatisfy { _ in declassify(eTable.power(k)) == direct }
    }
    check("pairing of secret points") { declassify(pairing(g1 * k, g2)) == declassify(e.power(k)) }
    check("multi-pairing with a secret identity point") {
        let zero = Scalar(reducing: declassify([UInt8](repeating: 0, count: 1)))
        var hidden = zero
        withUnsafeBytes(of: &hidden) { ct_poison($0.baseAddress, UInt($0.count)) }
        return declassify(multiPairing([(g1 * hidden, g2), (g1, g2)])) == e
    }
    check("hash to G1 of a secret message") {
        let message = Array("patient-4711".utf8)
        message.withUnsafeBytes { ct_poison($0.baseAddress, UInt($0.count)) }
        let h = declassify((try? hashToG1(message, dst: Array("VAULT-CT-CHECK".utf8))) ?? .identity)
        return !h.isIdentity
    }
    check("hash to G2 of a secret message") {
        let message = Array("patient-4711".utf8)
        message.withUnsafeBytes { ct_poison($0.baseAddress, UInt($0.count)) }
        let h = declassify((try? hashToG2(message, dst: Array("VAULT-CT-CHECK".utf8))) ?? .identity)
        return !h.isIdentity
    }
    check("random scalar") { !declassify(Scalar.random()).isZero }
    for scheme in SchemeID.allCases { checkScheme(scheme, check) }
    print("checked \(checks.count) secret paths\(ct_running_on_valgrind() != 0 ? " under valgrind" : " (not under valgrind: no secret tracking)")")
    exit(exitCode)
}

import Glibc
