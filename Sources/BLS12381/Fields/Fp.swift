/// Arithmetic on Fp beyond the generated kernels: operators, exponentiation,
/// inversion, square roots and conversion to and from big-endian bytes.
extension Fp: FieldElement {
    @inline(__always) static func + (a: Fp, b: Fp) -> Fp { add(a, b) }
    @inline(__always) static func - (a: Fp, b: Fp) -> Fp { sub(a, b) }
    @inline(__always) static func * (a: Fp, b: Fp) -> Fp { mul(a, b) }
    @inline(__always) static prefix func - (a: Fp) -> Fp { neg(a) }
    @inline(__always) func squared() -> Fp { Fp.mul(self, self) }
    @inline(__always) func doubled() -> Fp { Fp.add(self, self) }

    /// Fermat inversion a^(p−2): constant time; 0 maps to 0.
    func inverse() -> Fp { power(self, Fp.exponentPMinus2) }

    /// A square root when one exists (p ≡ 3 mod 4, RFC 9380 App. I.1), else nil.
    /// The root computation is constant time; only the answer's existence leaks.
    func squareRoot() -> Fp? {
        let candidate = power(self, Fp.exponentPPlus1Over4)
        // Whether a root exists is public (a point decodes or not); the root is not.
        return ConstantTime.declassify(candidate.squared() == self) ? candidate : nil
    }

    /// An integer below 2^64 as a field element.
    init(_ small: UInt64) {
        self = Fp.mul(Fp(small, 0, 0, 0, 0, 0), Fp.rSquared)
    }

    /// The canonical integer (out of Montgomery form), as little-endian limbs.
    var canonicalLimbs: Fp { Fp.mul(self, Fp(1, 0, 0, 0, 0, 0)) }

    /// Reads a 48-byte big-endian integer; nil unless it is below p.
    init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count == 48 else { return nil }
        let b = Array(bytes)
        var limbs = [UInt64](repeating: 0, count: 6)
        for i in 0..<48 { limbs[5 - i / 8] = (limbs[5 - i / 8] << 8) | UInt64(b[i]) }
        // Whether the bytes are canonical is public: decoding fails or not.
        guard ConstantTime.declassify(lessThan(limbs, Fp.modulusLimbs)) else { return nil }
        let plain = Fp(limbs[0], limbs[1], limbs[2], limbs[3], limbs[4], limbs[5])
        self = Fp.mul(plain, Fp.rSquared)
    }

    /// The canonical 48-byte big-endian encoding.
    func bigEndianBytes() -> [UInt8] {
        let c = canonicalLimbs
        let limbs = [c.l5, c.l4, c.l3, c.l2, c.l1, c.l0]
        var out = [UInt8]()
        out.reserveCapacity(48)
        for limb in limbs { for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) } }
        return out
    }

    /// RFC 9380 §4.1 sgn0 for m = 1: the parity of the canonical integer.
    var sgn0: UInt64 { canonicalLimbs.l0 & 1 }

    /// ZCash sign: all ones when the canonical value exceeds (p−1)/2.
    var lexicographicallyLargestMask: UInt64 {
        let c = canonicalLimbs
        return 0 &- borrowOfSubtraction(Fp.halfModulusLimbs, [c.l0, c.l1, c.l2, c.l3, c.l4, c.l5])
    }
}

/// 1 when a − b borrows (a < b), else 0; both little-endian limbs of equal length.
func borrowOfSubtraction(_ a: [UInt64], _ b: [UInt64]) -> UInt64 {
    var borrow: UInt64 = 0
    for i in 0..<a.count {
        let d = UInt128(a[i]) &- UInt128(b[i]) &- UInt128(borrow)
        borrow = UInt64(truncatingIfNeeded: d &>> 127)
    }
    return borrow
}

func lessThan(_ a: [UInt64], _ b: [UInt64]) -> Bool { borrowOfSubtraction(a, b) == 1 }
