import ABE

/// The seam between the vault and the tuner: the smallest equivalent policy,
/// or nil when tuning finds nothing smaller.
enum PolicyTuning {
    static func tune(_ policy: Policy, scheme: SchemeID) -> Policy? { nil }
}
