/// The operations that curve arithmetic needs from its coordinate field
/// (Fp for G1, Fp2 for G2), so that one set of point formulas serves both.
/// Every operation is constant time unless its name says `vartime`.
protocol FieldElement: Sendable {
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
    @inline(__always) var isZero: Bool { zeroMask != 0 }
    @inline(__always) static func == (a: Self, b: Self) -> Bool { equalMask(a, b) != 0 }
}

/// base^exponent for a public exponent (little-endian limbs). The sequence
/// of operations depends on the exponent only, never on the base, so it is
/// constant time in the base. Long exponents (inversion, square roots) use a
/// fixed 4-bit window: about 1/4 multiplication per bit instead of 1/2, for
/// 14 multiplications of table; short ones go bit by bit. The table is
/// indexed by exponent digits, which are public.
func power<F: FieldElement>(_ base: F, _ exponent: [UInt64]) -> F {
    guard exponent.count > 1 else { return powerBitByBit(base, exponent) }
    var table = [F.one, base]
    for _ in 2..<16 { table.append(table[table.count - 1] * base) }
    var result = F.one
    var started = false
    for limb in exponent.reversed() {
        for nibble in stride(from: 60, through: 0, by: -4) {
            if started { result = result.squared().squared().squared().squared() }
            let digit = Int((limb >> UInt64(nibble)) & 0xf)
            if digit != 0 {
                result = started ? result * table[digit] : table[digit]
                started = true
            }
        }
    }
    return result
}

/// Left-to-right square-and-multiply, for exponents of one limb.
func powerBitByBit<F: FieldElement>(_ base: F, _ exponent: [UInt64]) -> F {
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
