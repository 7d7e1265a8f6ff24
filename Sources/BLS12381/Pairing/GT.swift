/// An element of GT, the order-r subgroup of Fp12^*, where pairings take values.
public struct GT: Sendable {
    var value: Fp12

    init(_ value: Fp12) { self.value = value }

    public static let one = GT(.one)

    public static func * (a: GT, b: GT) -> GT { GT(a.value * b.value) }
    public static func *= (a: inout GT, b: GT) { a = a * b }
    /// The inverse, which on GT is conjugation.
    public func inverse() -> GT { GT(value.conjugated()) }
    public static func / (a: GT, b: GT) -> GT { a * b.inverse() }

    /// self^k in constant time: a fixed 4-bit window with cyclotomic squarings
    /// and table entries read by a full masked scan.
    public func power(_ k: Scalar) -> GT {
        var table = [Fp12](repeating: .one, count: 16)
        table[1] = value
        for i in 2..<16 { table[i] = table[i - 1] * value }
        let (k0, k1, k2, k3) = k.canonicalLimbs
        let limbs = [k0, k1, k2, k3]
        var acc = Fp12.one
        for window in stride(from: 63, through: 0, by: -1) {
            acc = acc.cyclotomicSquared().cyclotomicSquared().cyclotomicSquared().cyclotomicSquared()
            let digit = (limbs[window / 16] >> UInt64((window % 16) * 4)) & 0xf
            var entry = Fp12.one
            for i in 0..<16 {
                entry = .select(equalityMask(UInt64(i), digit), table[i], entry)
            }
            acc = acc * entry
        }
        return GT(acc)
    }

    /// The fixed 576-byte encoding: the twelve Fp coefficients, 48 bytes
    /// big-endian each, in tower order c0.c0.c0, c0.c0.c1, c0.c1.c0, …, c1.c2.c1.
    public func bytes() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(576)
        for half in [value.c0, value.c1] {
            for coefficient in [half.c0, half.c1, half.c2] {
                out += coefficient.c0.bigEndianBytes()
                out += coefficient.c1.bigEndianBytes()
            }
        }
        return out
    }
}

extension GT: Equatable {
    public static func == (a: GT, b: GT) -> Bool { a.value == b.value }
}

extension GT {
    /// Decodes the 576-byte encoding, refusing non-canonical coefficients and
    /// anything outside GT: f must be cyclotomic (f^(p⁴−p²+1) = 1, checked as
    /// frob⁴(f)·f = frob²(f)) and satisfy frob(f) = f^x, which holds exactly
    /// on the order-r subgroup (Scott, ePrint 2021/1130; blst's GT check).
    public init(bytes: some Collection<UInt8>) throws(EncodingError) {
        let raw = Array(bytes)
        guard raw.count == 576 else { throw .wrongLength(expected: 576, actual: raw.count) }
        var coefficients = [Fp]()
        for i in 0..<12 {
            guard let c = Fp(bigEndian: raw[(i * 48)..<(i * 48 + 48)]) else { throw .coordinateNotCanonical }
            coefficients.append(c)
        }
        func fp2(_ i: Int) -> Fp2 { Fp2(coefficients[2 * i], coefficients[2 * i + 1]) }
        let f = Fp12(Fp6(fp2(0), fp2(1), fp2(2)), Fp6(fp2(3), fp2(4), fp2(5)))
        let frob2 = f.frobenius().frobenius()
        guard frob2.frobenius().frobenius() * f == frob2, !(f == Fp12(.zero, .zero)) else { throw .notInSubgroup }
        guard f.frobenius() == cyclotomicPowerX(f) else { throw .notInSubgroup }
        self.init(f)
    }
}
