import COpenSSL

/// An element of the scalar field Fr of BLS12-381 (integers modulo the group
/// order r). Arithmetic is constant time; encoding is 32 bytes big-endian.
public struct Scalar: Sendable {
    var fr: Fr

    init(fr: Fr) { self.fr = fr }

    public static let zero = Scalar(fr: .zero)
    public static let one = Scalar(fr: .one)

    /// A small integer.
    public init(_ value: UInt64) {
        fr = Fr.mul(Fr(value, 0, 0, 0), Fr.rSquared)
    }

    /// Reads 32 big-endian bytes; rejects values ≥ r (IRTF scalar serialization).
    public init(bytes: some Collection<UInt8>) throws(EncodingError) {
        guard bytes.count == 32 else { throw .wrongLength(expected: 32, actual: bytes.count) }
        let limbs = Scalar.limbs(fromBigEndian: Array(bytes))
        guard ConstantTime.declassify(lessThan(limbs, Fr.modulusLimbs)) else { throw .scalarOutOfRange }  // public: decodes or not
        fr = Fr.mul(Fr(limbs[0], limbs[1], limbs[2], limbs[3]), Fr.rSquared)
    }

    /// Reduces any number of big-endian bytes (up to 64) modulo r. With 64
    /// uniformly random bytes the bias is below 2^−256.
    public init(reducing bytes: some Collection<UInt8>) {
        precondition(bytes.count <= 64, "at most 64 bytes can be reduced")
        let padded = [UInt8](repeating: 0, count: 64 - bytes.count) + Array(bytes)
        let high = Scalar.limbs(fromBigEndian: Array(padded[0..<32]))
        let low = Scalar.limbs(fromBigEndian: Array(padded[32..<64]))
        // low·R·R⁻¹·R = low·R and high·R³·R⁻¹ = high·2^256·R: Montgomery form of the sum.
        let lowPart = Fr.mul(Scalar.belowModulus(low), Fr.rSquared)
        let highPart = Fr.mul(Scalar.belowModulus(high), Fr.rCubed)
        fr = Fr.add(lowPart, highPart)
    }

    /// A uniformly random scalar from OpenSSL's RAND_bytes (64 bytes reduced mod r).
    public static func random() -> Scalar {
        var bytes = [UInt8](repeating: 0, count: 64)
        let ok = bytes.withUnsafeMutableBytes { RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 64) }
        precondition(ok == 1, "OpenSSL RAND_bytes failed: no secure randomness available")
        defer { bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, 64) } }
        return Scalar(reducing: bytes)
    }

    /// 32 bytes, big-endian.
    public func bytes() -> [UInt8] {
        let c = Fr.mul(fr, Fr(1, 0, 0, 0))
        var out = [UInt8]()
        out.reserveCapacity(32)
        for limb in [c.l3, c.l2, c.l1, c.l0] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return out
    }

    /// The canonical integer as little-endian 64-bit limbs (for scalar multiplication).
    var canonicalLimbs: (UInt64, UInt64, UInt64, UInt64) {
        let c = Fr.mul(fr, Fr(1, 0, 0, 0))
        return (c.l0, c.l1, c.l2, c.l3)
    }

    public var isZero: Bool { fr.zeroMask != 0 }

    /// The multiplicative inverse, or nil for zero. The exponentiation is
    /// constant time; the answer reveals whether the scalar was zero, so use
    /// `invertedOrZero()` on secrets.
    public func inverse() -> Scalar? {
        isZero ? nil : invertedOrZero()
    }

    /// The inverse (Fermat, a^(r−2)) in constant time; zero maps to zero.
    public func invertedOrZero() -> Scalar { Scalar(fr: power(fr, Fr.exponentRMinus2)) }

    public static func + (a: Scalar, b: Scalar) -> Scalar { Scalar(fr: Fr.add(a.fr, b.fr)) }
    public static func - (a: Scalar, b: Scalar) -> Scalar { Scalar(fr: Fr.sub(a.fr, b.fr)) }
    public static func * (a: Scalar, b: Scalar) -> Scalar { Scalar(fr: Fr.mul(a.fr, b.fr)) }
    public static prefix func - (a: Scalar) -> Scalar { Scalar(fr: Fr.neg(a.fr)) }
    public static func += (a: inout Scalar, b: Scalar) { a = a + b }
    public static func -= (a: inout Scalar, b: Scalar) { a = a - b }
    public static func *= (a: inout Scalar, b: Scalar) { a = a * b }

    /// A 256-bit value (< 3r) brought below r by two conditional subtractions,
    /// as the Montgomery kernel needs reduced operands.
    static func belowModulus(_ limbs: [UInt64]) -> Fr {
        let value = Fr(limbs[0], limbs[1], limbs[2], limbs[3])
        return Fr.add(Fr.add(value, .zero), .zero)
    }

    static func limbs(fromBigEndian b: [UInt8]) -> [UInt64] {
        var limbs = [UInt64](repeating: 0, count: 4)
        for i in 0..<32 { limbs[3 - i / 8] = (limbs[3 - i / 8] << 8) | UInt64(b[i]) }
        return limbs
    }
}

extension Scalar: Equatable, Hashable {
    /// Constant-time comparison.
    public static func == (a: Scalar, b: Scalar) -> Bool { Fr.equalMask(a.fr, b.fr) != 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes()) }
}

extension Scalar: CustomStringConvertible {
    public var description: String {
        let digits = Array("0123456789abcdef")
        return "Scalar(0x" + String(bytes().flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }) + ")"
    }
}

extension Fr: FieldElement {
    @inline(__always) static func + (a: Fr, b: Fr) -> Fr { add(a, b) }
    @inline(__always) static func - (a: Fr, b: Fr) -> Fr { sub(a, b) }
    @inline(__always) static func * (a: Fr, b: Fr) -> Fr { mul(a, b) }
    @inline(__always) static prefix func - (a: Fr) -> Fr { neg(a) }
    @inline(__always) func squared() -> Fr { Fr.mul(self, self) }
    @inline(__always) func doubled() -> Fr { Fr.add(self, self) }
    func inverse() -> Fr { power(self, Fr.exponentRMinus2) }
}
