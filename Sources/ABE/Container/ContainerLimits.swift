/// What a container, a key file or a stored policy may declare, checked
/// before any work that grows with it: counts and lengths are compared with
/// these and with each other before a point is decoded or a policy parsed
/// (docs/ABE.md, "Limits"). Each bound is what the largest legitimate input
/// needs, so refusing anything above it costs nothing real.
public enum ContainerLimits {
    /// LSSS rows of a policy: `PolicyLimits.standard.maxRows`, 256. The
    /// largest policy of Policies/corpus compiles to 195; every row is a
    /// point (FAME: three) to decode, so this bounds the work of refusing a
    /// hostile container.
    public static let maxRows = PolicyLimits.standard.maxRows
    /// How often one attribute may appear in a FABEO policy (τ): each
    /// repetition adds a G2 point C1,j to the KEM. The corpus needs 10.
    /// FAME's bound is its public key's reuse bound (`maxReuseBound`).
    public static let maxFABEORepetitions = 32
    /// UTF-8 bytes of the stored (bit-level) policy, and of the policy as
    /// written. A 256-row policy over attributes of ordinary length needs
    /// about 8 KiB of bit-level text; names may be long.
    public static let maxPolicyBytes = 64 * 1024
    /// KEM bytes: the largest a policy within `maxRows` can need
    /// (FAME: 3·96 + 4 + 256·144 + 32 = 37,188; FABEO with τ = 32: 2 + 33·96 + 4 + 256·48 + 32 = 15,494).
    public static let maxKEMBytes = max(CiphertextSize.kemBytes(scheme: .fame, rows: maxRows, maxOccurrence: 1),
                                        CiphertextSize.kemBytes(scheme: .fabeo, rows: maxRows, maxOccurrence: maxFABEORepetitions))
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
