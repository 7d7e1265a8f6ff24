public enum HashToCurveError: Error, Equatable, Sendable {
    /// RFC 9380 §5.3.1 limits: DST ≤ 255 bytes, output ≤ 65535 bytes and ≤ 255 blocks.
    case dstTooLong
    case outputTooLong
}

/// expand_message_xmd with SHA-256 (RFC 9380 §5.3.1).
public func expandMessageXMD(_ message: [UInt8], dst: [UInt8], length: Int) throws(HashToCurveError) -> [UInt8] {
    let blockCount = (length + 31) / 32
    guard dst.count <= 255 else { throw .dstTooLong }
    guard blockCount <= 255, length <= 65535 else { throw .outputTooLong }
    let dstPrime = dst + [UInt8(dst.count)]
    let zPad = [UInt8](repeating: 0, count: 64)
    let lengthBytes = [UInt8(length >> 8), UInt8(length & 0xff)]
    let b0 = SHA256.hash(zPad, message, lengthBytes, [0], dstPrime)
    var blocks = [SHA256.hash(b0, [1], dstPrime)]
    var output = blocks[0]
    if blockCount > 1 {
        for i in 2...blockCount {
            let mixed = zip(b0, blocks[blocks.count - 1]).map { $0 ^ $1 }
            blocks.append(SHA256.hash(mixed, [UInt8(i)], dstPrime))
            output += blocks[blocks.count - 1]
        }
    }
    return Array(output.prefix(length))
}

/// hash_to_field (RFC 9380 §5.2) for Fp with L = 64: each element from 64
/// bytes reduced modulo p.
func hashToFieldFp(_ message: [UInt8], dst: [UInt8], count: Int) throws(HashToCurveError) -> [Fp] {
    let uniform = try expandMessageXMD(message, dst: dst, length: count * 64)
    return (0..<count).map { Fp(reducing: Array(uniform[($0 * 64)..<($0 * 64 + 64)])) }
}

/// hash_to_field for Fp2 (m = 2, L = 64).
func hashToFieldFp2(_ message: [UInt8], dst: [UInt8], count: Int) throws(HashToCurveError) -> [Fp2] {
    let uniform = try expandMessageXMD(message, dst: dst, length: count * 128)
    return (0..<count).map { i in
        let base = i * 128
        return Fp2(Fp(reducing: Array(uniform[base..<(base + 64)])), Fp(reducing: Array(uniform[(base + 64)..<(base + 128)])))
    }
}

extension Fp {
    /// A 64-byte big-endian integer reduced modulo p: high·2^256 + low, with
    /// each 256-bit half below p already, entered through R² and R·2^256 mod p.
    init(reducing bytes: [UInt8]) {
        precondition(bytes.count == 64)
        func limbs(_ part: ArraySlice<UInt8>) -> Fp {
            var l = [UInt64](repeating: 0, count: 6)
            for (i, b) in part.enumerated() { l[3 - i / 8] = (l[3 - i / 8] << 8) | UInt64(b) }
            return Fp(l[0], l[1], l[2], l[3], 0, 0)
        }
        let high = limbs(bytes[0..<32])
        let low = limbs(bytes[32..<64])
        // 2^256·R mod p in Montgomery form is R²·2^256, i.e. mul(high, R²·2^256·R⁻¹·R).
        self = Fp.add(Fp.mul(low, Fp.rSquared), Fp.mul(Fp.mul(high, Fp.rSquared), Fp.twoTo256))
    }

    /// 2^256 mod p in Montgomery form.
    static var twoTo256: Fp { Fp.mul(Fp(0, 0, 0, 0, 1, 0), Fp.rSquared) }
}
