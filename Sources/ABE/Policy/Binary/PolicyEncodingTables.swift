/// The two tables at the head of a binary policy encoding: the keys it
/// names, and its atoms (each distinct leaf once), both in order of first
/// use in the tree (docs/ABE.md, "Binary policy encoding").
struct PolicyEncodingTables {
    enum KeyKind: Int, Hashable {
        /// A bare name (`on_call`); one atom.
        case flag = 0
        /// `key:value`; one atom per value.
        case keyed = 1
        /// A compared key with its domain; atoms are comparisons and bits.
        case numeric = 2
        /// Bit attributes of a key that no comparison names (tuned bit-level policies).
        case bits = 3
    }

    struct Key: Hashable {
        let name: String
        let kind: KeyKind
        /// For `.numeric`.
        let domain: NumericDomain?
    }

    enum Atom: Hashable {
        case attribute(Attribute)
        case comparison(NumericComparison)

        var node: PolicyNode {
            switch self {
            case .attribute(let attribute): .attribute(attribute)
            case .comparison(let comparison): .comparison(comparison)
            }
        }
    }

    private(set) var keys: [Key] = []
    private(set) var atoms: [Atom] = []
    private var keyIndex: [Key: Int] = [:]
    private var atomIndex: [Atom: Int] = [:]
    /// Atom index → key index.
    private(set) var atomKeys: [Int] = []

    /// The tables of a checked policy's tree.
    init(_ root: PolicyNode, domains: [String: NumericDomain]) {
        for leaf in root.leaves {
            let atom: Atom
            switch leaf {
            case .attribute(let attribute): atom = .attribute(attribute)
            case .comparison(let comparison): atom = .comparison(comparison)
            default: continue
            }
            guard atomIndex[atom] == nil else { continue }
            let key = Self.key(of: atom, domains: domains)
            if keyIndex[key] == nil {
                keyIndex[key] = keys.count
                keys.append(key)
            }
            atomIndex[atom] = atoms.count
            atoms.append(atom)
            atomKeys.append(keyIndex[key]!)
        }
    }

    func index(of atom: Atom) -> Int { atomIndex[atom]! }

    static func key(of atom: Atom, domains: [String: NumericDomain]) -> Key {
        switch atom {
        case .attribute(.name(let name)): return Key(name: name, kind: .flag, domain: nil)
        case .attribute(.keyed(let key, _)): return Key(name: key, kind: .keyed, domain: nil)
        case .attribute(.bit(let key, _, _)):
            if let domain = domains[key] { return Key(name: key, kind: .numeric, domain: domain) }
            return Key(name: key, kind: .bits, domain: nil)
        case .comparison(let comparison):
            return Key(name: comparison.key, kind: .numeric, domain: domains[comparison.key])
        }
    }

    /// Bits of a fixed-width index among `count` values (0 when there is one).
    static func indexBits(_ count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}
