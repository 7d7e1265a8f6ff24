import CConstantTime

/// All ones when `a == b`, else zero, without a branch. The result passes
/// through an opaque function so that the optimizer cannot rewrite a masked
/// select on it into a branch.
@inline(__always) func equalityMask(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let diff = a ^ b
    return ct_value_barrier(((diff | (0 &- diff)) &>> 63) &- 1)
}

/// Results that are public by design although computed from secret data:
/// whether bytes decoded, whether a re-encryption matched. `declassify`
/// tells valgrind so (ct_declassify); it computes nothing.
public enum ConstantTime {
    @inline(never) public static func declassify(_ flag: Bool) -> Bool {
        var copy = flag
        withUnsafeBytes(of: &copy) { ct_declassify($0.baseAddress, UInt($0.count)) }
        return copy
    }

    /// A value held inline (a point, a scalar; not an array) marked public:
    /// for outputs that are public by definition, such as ciphertext points.
    @inline(never) public static func declassify<T>(_ value: T) -> T {
        var copy = value
        withUnsafeBytes(of: &copy) { ct_declassify($0.baseAddress, UInt($0.count)) }
        return copy
    }
}

/// All ones when `bit` (0 or 1) is 1, else zero, through the same barrier.
@inline(__always) func bitMask(_ bit: UInt64) -> UInt64 { ct_value_barrier(0 &- (bit & 1)) }
