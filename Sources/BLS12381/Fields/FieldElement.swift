/// The operations that curve arithmetic needs from its coordinate field
/// (Fp for G1, Fp2 for G2), so that one set of point formulas serves both.
/// Every operation is constant time unless its name says `vartime`.
@usableFromInline protocol FieldElement: Sendable {
    static var zero: Self { get }
    static var one: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    func squared() -> Self
    func doubled() -> Self
    /// Multiplicative inverse; 0 maps to 0.
    func inverse() -> Self
    /// All ones when zero, else zero.
    var zeroMask: UInt64 { get }
    static func equalMask(_ a: Self, _ b: Self) -> UInt64
    /// `a` where mask is all ones, `b` where it is zero.
    static func select(_ mask: UInt64, _ a: Self, _ b: Self) -> Self
}

extension FieldElement {
    @inlinable @inline(__always) var isZero: Bool { zeroMask != 0 }
    @inlinable @inline(__always) static func == (a: Self, b: Self) -> Bool { equalMask(a, b) != 0 }
}

/// Left-to-right square-and-multiply by a public exponent (little-endian
/// limbs). The sequence of operations depends on the exponent only, never on
/// the base, so it is constant time in the base.
@inlinable
func power<F: FieldElement>(_ base: F, _ exponent: [UInt64]) -> F {
    var result = F.one
    var started = false
    for limb in exponent.reversed() {
        for bit in stride(from: 63, through: 0, by: -1) {
            if started { result = result.squared() }
            if (limb >> UInt64(bit)) & 1 == 1 {
                result = started ? result * base : base
                started = true
            }
        }
    }
    return result
}
