/// The ZCash BLS12-381 point format (zkcrypto/bls12_381 serialization notes;
/// IRTF pairing-friendly-curves draft, “Point serialization”): big-endian
/// coordinates, Fp2 written c1 ‖ c0, and three flag bits on top of the first
/// byte: C (compressed), I (infinity), S (y is the lexicographically larger root).
enum PointFlags {
    static let compressed: UInt8 = 0x80
    static let infinity: UInt8 = 0x40
    static let sign: UInt8 = 0x20
    static let all: UInt8 = 0xe0

    /// Splits flags off a copy of the bytes, checking the combinations that the format forbids.
    /// The compression and infinity flags are public (the format of the
    /// encoding); the sign flag of a compressed point is part of its secret
    /// y, so it comes back as a mask for a branch-free select.
    static func read(_ bytes: [UInt8], expectCompressed: Bool) throws(EncodingError) -> (body: [UInt8], infinity: Bool, signMask: UInt64) {
        let flags = bytes[0] & all
        guard ConstantTime.declassify(flags & compressed != 0) == expectCompressed else { throw .badFlags }
        let infinity = ConstantTime.declassify(flags & PointFlags.infinity != 0)
        let signBit = UInt64((flags & PointFlags.sign) >> 5)
        var body = bytes
        body[0] &= ~all
        if infinity {
            guard ConstantTime.declassify(signBit == 0 && body.allSatisfy({ $0 == 0 })) else { throw .badFlags }
        } else if !expectCompressed && ConstantTime.declassify(signBit != 0) {
            throw .badFlags
        }
        return (body, infinity, bitMask(signBit))
    }
}

extension G1Point {
    /// 48 bytes: x with the C, I and S flags.
    public func compressed() -> [UInt8] {
        if isIdentity { return [PointFlags.compressed | PointFlags.infinity] + [UInt8](repeating: 0, count: 47) }
        let (x, y) = point.affine()
        var out = x.bigEndianBytes()
        out[0] |= PointFlags.compressed | (UInt8(truncatingIfNeeded: y.lexicographicallyLargestMask) & PointFlags.sign)
        return out
    }

    /// 96 bytes: x ‖ y.
    public func uncompressed() -> [UInt8] {
        if isIdentity { return [PointFlags.infinity] + [UInt8](repeating: 0, count: 95) }
        let (x, y) = point.affine()
        return x.bigEndianBytes() + y.bigEndianBytes()
    }

    /// Decodes 48 bytes, checking flags, canonical x, curve and subgroup membership.
    /// The identity is refused unless `allowIdentity` is set.
    public init(compressed bytes: some Collection<UInt8>, allowIdentity: Bool = false) throws(EncodingError) {
        let raw = Array(bytes)
        guard raw.count == 48 else { throw .wrongLength(expected: 48, actual: raw.count) }
        let (body, infinity, signMask) = try PointFlags.read(raw, expectCompressed: true)
        if infinity {
            guard allowIdentity else { throw .identityNotAllowed }
            self = .identity; return
        }
        guard let x = Fp(bigEndian: body) else { throw .coordinateNotCanonical }
        guard let root = (x.squared() * x + G1Curve.b).squareRoot() else { throw .notOnCurve }
        let y = Fp.select(root.lexicographicallyLargestMask ^ signMask, -root, root)
        try self.init(checkedX: x, y: y)
    }

    /// The checks of `init(compressed:)` that take no square root and no
    /// group arithmetic: length, flag bits, the identity (unless allowed) and
    /// a canonical x. A decoder of many points runs this over all of them
    /// before decoding any, so that a structural fault anywhere is refused at
    /// the cost of a comparison per point; `init(compressed:)` repeats it.
    public static func checkCompressedStructure(_ bytes: some Collection<UInt8>, allowIdentity: Bool = false) throws(EncodingError) {
        let raw = Array(bytes)
        guard raw.count == 48 else { throw .wrongLength(expected: 48, actual: raw.count) }
        let (body, infinity, _) = try PointFlags.read(raw, expectCompressed: true)
        if infinity {
            guard allowIdentity else { throw .identityNotAllowed }
            return
        }
        guard Fp(bigEndian: body) != nil else { throw .coordinateNotCanonical }
    }

    /// Decodes 96 bytes, checking flags, canonical coordinates, curve and subgroup membership.
    public init(uncompressed bytes: some Collection<UInt8>, allowIdentity: Bool = false) throws(EncodingError) {
        let raw = Array(bytes)
        guard raw.count == 96 else { throw .wrongLength(expected: 96, actual: raw.count) }
        let (body, infinity, _) = try PointFlags.read(raw, expectCompressed: false)
        if infinity {
            guard allowIdentity else { throw .identityNotAllowed }
            self = .identity; return
        }
        guard let x = Fp(bigEndian: body[0..<48]), let y = Fp(bigEndian: body[48..<96]) else { throw .coordinateNotCanonical }
        try self.init(checkedX: x, y: y)
    }

    private init(checkedX x: Fp, y: Fp) throws(EncodingError) {
        let p = ProjectivePoint<G1Curve>(affineX: x, affineY: y)
        guard ConstantTime.declassify(p.isOnCurve) else { throw .notOnCurve }
        guard ConstantTime.declassify(p.isInSubgroup) else { throw .notInSubgroup }
        self.init(p)
    }
}

extension G2Point {
    /// 96 bytes: x (c1 ‖ c0) with the C, I and S flags.
    public func compressed() -> [UInt8] {
        if isIdentity { return [PointFlags.compressed | PointFlags.infinity] + [UInt8](repeating: 0, count: 95) }
        let (x, y) = point.affine()
        var out = x.c1.bigEndianBytes() + x.c0.bigEndianBytes()
        out[0] |= PointFlags.compressed | (UInt8(truncatingIfNeeded: y.lexicographicallyLargestMask) & PointFlags.sign)
        return out
    }

    /// 192 bytes: x (c1 ‖ c0) ‖ y (c1 ‖ c0).
    public func uncompressed() -> [UInt8] {
        if isIdentity { return [PointFlags.infinity] + [UInt8](repeating: 0, count: 191) }
        let (x, y) = point.affine()
        return x.c1.bigEndianBytes() + x.c0.bigEndianBytes() + y.c1.bigEndianBytes() + y.c0.bigEndianBytes()
    }

    /// Decodes 96 bytes, checking flags, canonical x, curve and subgroup membership.
    public init(compressed bytes: some Collection<UInt8>, allowIdentity: Bool = false) throws(EncodingError) {
        let raw = Array(bytes)
        guard raw.count == 96 else { throw .wrongLength(expected: 96, actual: raw.count) }
        let (body, infinity, signMask) = try PointFlags.read(raw, expectCompressed: true)
        if infinity {
            guard allowIdentity else { throw .identityNotAllowed }
            self = .identity; return
        }
        guard let x1 = Fp(bigEndian: body[0..<48]), let x0 = Fp(bigEndian: body[48..<96]) else { throw .coordinateNotCanonical }
        let x = Fp2(x0, x1)
        guard let root = (x.squared() * x + G2Curve.b).squareRoot() else { throw .notOnCurve }
        let y = Fp2.select(root.lexicographicallyLargestMask ^ signMask, -root, root)
        try self.init(checkedX: x, y: y)
    }

    /// As `G1Point.checkCompressedStructure`, for 96-byte G2 encodings.
    public static func checkCompressedStructure(_ bytes: some Collection<UInt8>, allowIdentity: Bool = false) throws(EncodingError) {
        let raw = Array(bytes)
        guard raw.count == 96 else { throw .wrongLength(expected: 96, actual: raw.count) }
        let (body, infinity, _) = try PointFlags.read(raw, expectCompressed: true)
        if infinity {
            guard allowIdentity else { throw .identityNotAllowed }
            return
        }
        guard Fp(bigEndian: body[0..<48]) != nil, Fp(bigEndian: body[48..<96]) != nil else { throw .coordinateNotCanonical }
    }

    /// Decodes 192 bytes, checking flags, canonical coordinates, curve and subgroup membership.
    public init(uncompressed bytes: some Collection<UInt8>, allowIdentity: Bool = false) throws(EncodingError) {
        let raw = Array(bytes)
        guard raw.count == 192 else { throw .wrongLength(expected: 192, actual: raw.count) }
        let (body, infinity, _) = try PointFlags.read(raw, expectCompressed: false)
        if infinity {
            guard allowIdentity else { throw .identityNotAllowed }
            self = .identity; return
        }
        guard let x1 = Fp(bigEndian: body[0..<48]), let x0 = Fp(bigEndian: body[48..<96]),
              let y1 = Fp(bigEndian: body[96..<144]), let y0 = Fp(bigEndian: body[144..<192])
        else { throw .coordinateNotCanonical }
        try self.init(checkedX: Fp2(x0, x1), y: Fp2(y0, y1))
    }

    private init(checkedX x: Fp2, y: Fp2) throws(EncodingError) {
        let q = ProjectivePoint<G2Curve>(affineX: x, affineY: y)
        guard ConstantTime.declassify(q.isOnCurve) else { throw .notOnCurve }
        guard ConstantTime.declassify(q.isInSubgroup) else { throw .notInSubgroup }
        self.init(q)
    }
}
