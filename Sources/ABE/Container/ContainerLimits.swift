/// What a container, a key file or a stored policy may declare, checked
/// before any work that grows with it: counts and lengths are compared with
/// these and with each other before a point is decoded or a policy parsed
/// (docs/ABE.md, "Limits"). Each bound is what the largest legitimate input
/// needs, so refusing anything above it costs nothing real.
public enum ContainerLimits {
    /// LSSS rows of a policy: `PolicyLimits.standard.maxRows`.
    public static let maxRows = PolicyLimits.standard.maxRows
    /// UTF-8 bytes of the stored (bit-level) policy, and of the policy as
    /// written. A 1024-row policy over attributes of ordinary length needs
    /// about 30 KiB of bit-level text.
    public static let maxPolicyBytes = 64 * 1024
    /// KEM bytes: the largest a policy within `maxRows` can need
    /// (FAME: 3·96 + 4 + 1024·144 + 32 = 147,780; FABEO with τ = rows: 147,590).
    public static let maxKEMBytes = CiphertextSize.kemBytes(scheme: .fame, rows: maxRows, maxOccurrence: 1)
    /// Attribute components of a user key: FABEO attributes, or FAME
    /// attributes × reuse bound (each costs three G1 points). A key of the
    /// default catalog holds a few dozen.
    public static let maxKeyComponents = 512
    /// FAME's reuse bound k (`vault authority setup --reuse-bound`).
    public static let maxReuseBound = 64
    /// Armour is for copy and paste and is read into memory whole: at most
    /// 4 MiB of text (a record of about 3 MiB); larger records use the binary form.
    public static let maxArmoredBytes = 4 << 20

    /// How stored policy text (containers, the chain) is read back: no
    /// catalog, bit attributes allowed, up to `maxPolicyBytes` characters.
    public static let storedPolicyOptions: PolicyOptions = {
        var options = PolicyOptions.freeForm
        options.limits.maxCharacters = maxPolicyBytes
        options.limits.maxRows = maxRows
        return options
    }()
}
