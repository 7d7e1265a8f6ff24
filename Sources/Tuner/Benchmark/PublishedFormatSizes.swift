import ABE

/// Ciphertext sizes of one policy in two other CP-ABE implementations,
/// computed from their published serialisation layouts (element counts
/// times element sizes, plus their policy strings), beside this vault's
/// exact container sizes. Computed from the format, not measured: neither
/// implementation is run. Layouts (docs/ABE.md, "Other formats"):
///
/// - OpenABE CP-ABE (Waters 2011 as in zeutro/openabe `zcontextcpwaters.cpp`,
///   CCA mode of `zcontextcca.cpp`), BN-P254 with compressed points (RELIC
///   `COMPRESS`): C′ in G1, per LSSS row C_i in G1 and D_i in G2, the
///   policy's compact string, and the 32-byte FO-encrypted key `_ED`.
/// - The cpabe toolkit (Bethencourt–Sahai–Waters 2007, libbswabe 0.11),
///   PBC type A (512-bit base field: G1 and GT elements of 128 bytes), each
///   element preceded by a 4-byte length: `cs` in GT, `c` in G1, then the
///   policy tree, every node two 4-byte integers (k, children) and every
///   leaf its attribute string with a NUL and two G1 elements; `cpabe-enc`
///   files add three 4-byte lengths and AES-128-CBC of the record (16 bytes
///   for an empty one).
///
/// Both compile comparisons to bit attributes as this vault does, so the
/// rows and leaves are those of the policy's bit-level compilation.
public struct PublishedFormatSizes: Sendable, Equatable {
    /// This vault's containers for the policy as written (empty record).
    public let fabeoContainer: Int
    public let fameContainer: Int
    /// Computed from the format, not measured.
    public let openABE: Int
    /// Computed from the format, not measured.
    public let cpabeToolkit: Int

    static let openABEG1 = 33, openABEG2 = 65, openABESeed = 32
    static let pbcTypeAElement = 128

    public init(_ policy: Policy) {
        fabeoContainer = CiphertextSize.containerBytes(scheme: .fabeo, policy: policy)
        fameContainer = CiphertextSize.containerBytes(scheme: .fame, policy: policy)
        let rows = policy.lsss().rowCount
        openABE = Self.openABEG1 + rows * (Self.openABEG1 + Self.openABEG2) + Self.openABESeed + policy.compiledText.utf8.count
        cpabeToolkit = 3 * 4 + 16 + 2 * (4 + Self.pbcTypeAElement) + Self.cpabeTreeBytes(policy.compiled)
    }

    /// The libbswabe policy tree: AND is n of n, OR is 1 of n.
    static func cpabeTreeBytes(_ node: PolicyNode) -> Int {
        switch node {
        case .attribute(let attribute): 8 + attribute.description.utf8.count + 1 + 2 * (4 + pbcTypeAElement)
        case .comparison: 0  // compiled trees have none
        case .and(let children), .or(let children), .threshold(_, let children): 8 + children.reduce(0) { $0 + cpabeTreeBytes($1) }
        }
    }
}
