import CConstantTime

/// All ones when `a == b`, else zero, without a branch. The result passes
/// through an opaque function so that the optimizer cannot rewrite a masked
/// select on it into a branch.
@inline(__always) func equalityMask(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let diff = a ^ b
    return ct_value_barrier(((diff | (0 &- diff)) &>> 63) &- 1)
}

/// All ones when `bit` (0 or 1) is 1, else zero, through the same barrier.
@inline(__always) func bitMask(_ bit: UInt64) -> UInt64 { ct_value_barrier(0 &- (bit & 1)) }
