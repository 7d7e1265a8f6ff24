import CGMP
@testable import BLS12381

/// Big-integer reference arithmetic through GMP, independent of the Montgomery kernels.
enum GMPOracle {
    /// (a op b) mod m on big-endian byte strings, returned as big-endian bytes of `width`.
    static func compute(_ a: [UInt8], _ b: [UInt8], modulusHex: String, width: Int,
                        _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) -> Void) -> [UInt8] {
        var x = __mpz_struct(), y = __mpz_struct(), m = __mpz_struct(), r = __mpz_struct()
        __gmpz_init(&x); __gmpz_init(&y); __gmpz_init(&m); __gmpz_init(&r)
        defer { __gmpz_clear(&x); __gmpz_clear(&y); __gmpz_clear(&m); __gmpz_clear(&r) }
        __gmpz_import(&x, a.count, 1, 1, 1, 0, a)
        __gmpz_import(&y, b.count, 1, 1, 1, 0, b)
        __gmpz_set_str(&m, modulusHex, 16)
        var product = __mpz_struct()
        __gmpz_init(&product)
        defer { __gmpz_clear(&product) }
        op(&product, &x, &y)
        __gmpz_mod(&r, &product, &m)
        var out = [UInt8](repeating: 0, count: width)
        var count = 0
        var buffer = [UInt8](repeating: 0, count: width + 8)
        __gmpz_export(&buffer, &count, 1, 1, 1, 0, &r)
        for i in 0..<count { out[width - count + i] = buffer[i] }
        return out
    }

    static let pHex = "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab"
    static let rHex = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"

    static func mulModP(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { compute(a, b, modulusHex: pHex, width: 48) { __gmpz_mul($0, $1, $2) } }
    static func addModP(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { compute(a, b, modulusHex: pHex, width: 48) { __gmpz_add($0, $1, $2) } }
    static func subModP(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { compute(a, b, modulusHex: pHex, width: 48) { __gmpz_sub($0, $1, $2) } }
    static func mulModR(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { compute(a, b, modulusHex: rHex, width: 32) { __gmpz_mul($0, $1, $2) } }
    static func reduceModR(_ a: [UInt8]) -> [UInt8] { compute(a, [0], modulusHex: rHex, width: 32) { __gmpz_add($0, $1, $2) } }
}

/// Deterministic pseudo-random bytes for reproducible property tests (SplitMix64).
struct SeededBytes {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
    /// A random Fp element and its canonical bytes.
    mutating func fp() -> (Fp, [UInt8]) {
        while true {
            var b = bytes(48)
            b[0] &= 0x1f
            if let f = Fp(bigEndian: b) { return (f, b) }
        }
    }
    mutating func scalar() -> Scalar { Scalar(reducing: bytes(64)) }
}
