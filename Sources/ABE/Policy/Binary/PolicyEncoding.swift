/// The binary form in which containers (version 2) store their policy:
/// each key name and each distinct leaf once, the formula as a tree over
/// leaf indices, comparisons kept as comparisons with their key's domain
/// (so that both sides compile the same bit rows), thresholds as
/// thresholds. Nothing outside the encoding is needed to rebuild the
/// policy and its LSSS matrix. Layout and limits: docs/ABE.md, "Binary
/// policy encoding".
///
/// Decoding refuses everything the encoder would not have written: a
/// policy has exactly one encoding, so the KEM binds exactly one policy.
public enum PolicyEncoding {
    /// Longest key name or value, in characters.
    public static let maxNameCharacters = 1024

    enum OperatorCode: Int {
        case less = 0, lessOrEqual, greater, greaterOrEqual, equal, range, bit
    }

    /// The tree position a node is written in: which gate codes can occur there.
    enum Context { case free, andChild, orChild }

    // MARK: Encoding

    /// The encoding of a checked policy.
    public static func encode(_ policy: Policy) -> [UInt8] {
        let tables = PolicyEncodingTables(policy.root, domains: policy.domains)
        var w = BitWriter()
        w.bit(policy.numericEncoding == .bothBounds)
        w.unsigned(tables.keys.count - 1)
        for key in tables.keys {
            IdentifierCode.write(key.name, to: &w)
            w.bits(key.kind.rawValue, count: 2)
            if let domain = key.domain {
                w.bit(domain.kind == .date)
                w.signed(domain.minimum)
                w.unsigned(domain.maximum - domain.minimum)
                w.unsigned(domain.width - NumericDomain.bitsNeeded(domain.maximum - domain.minimum))
            }
        }
        w.unsigned(tables.atoms.count - 1)
        let keyBits = PolicyEncodingTables.indexBits(tables.keys.count)
        for (index, atom) in tables.atoms.enumerated() {
            let key = tables.keys[tables.atomKeys[index]]
            w.bits(tables.atomKeys[index], count: keyBits)
            write(atom, key: key, to: &w)
        }
        writeNode(policy.root, context: .free, tables: tables, atomBits: PolicyEncodingTables.indexBits(tables.atoms.count), to: &w)
        return w.bytes
    }

    private static func write(_ atom: PolicyEncodingTables.Atom, key: PolicyEncodingTables.Key, to w: inout BitWriter) {
        switch atom {
        case .attribute(.name):
            break
        case .attribute(.keyed(_, let value)):
            IdentifierCode.write(value, to: &w)
        case .attribute(.bit(_, let position, let isSet)):
            if key.kind == .numeric { w.bits(OperatorCode.bit.rawValue, count: 3) }
            w.unsigned(position)
            w.bit(isSet)
        case .comparison(let comparison):
            let minimum = key.domain!.minimum
            switch comparison.constraint {
            case .compare(let op, let literal):
                let code: OperatorCode = switch op {
                case .less: .less
                case .lessOrEqual: .lessOrEqual
                case .greater: .greater
                case .greaterOrEqual: .greaterOrEqual
                case .equal: .equal
                }
                w.bits(code.rawValue, count: 3)
                w.unsigned(literal.integerValue - minimum)
            case .range(let low, let high):
                w.bits(OperatorCode.range.rawValue, count: 3)
                w.unsigned(low.integerValue - minimum)
                w.unsigned(high.integerValue - low.integerValue)
            }
        }
    }

    private static func writeNode(_ node: PolicyNode, context: Context, tables: PolicyEncodingTables, atomBits: Int,
                                  to w: inout BitWriter) {
        switch node {
        case .attribute(let attribute):
            w.bit(false)
            w.bits(tables.index(of: .attribute(attribute)), count: atomBits)
        case .comparison(let comparison):
            w.bit(false)
            w.bits(tables.index(of: .comparison(comparison)), count: atomBits)
        case .and(let children), .or(let children):
            let isAnd = if case .and = node { true } else { false }
            w.bit(true)
            switch context {
            case .free: w.bit(false); w.bit(!isAnd)  // 100 AND, 101 OR
            case .andChild, .orChild: w.bit(false)    // 10: the gate a child of the other kind can be
            }
            w.unsigned(children.count - 2)
            for child in children {
                writeNode(child, context: isAnd ? .andChild : .orChild, tables: tables, atomBits: atomBits, to: &w)
            }
        case .threshold(let k, let children):
            w.bit(true); w.bit(true)                  // 11
            w.unsigned(children.count - 3)
            w.unsigned(k - 2)
            for child in children { writeNode(child, context: .free, tables: tables, atomBits: atomBits, to: &w) }
        }
    }

    // MARK: Decoding

    /// Reads an encoding; every count, index and length is checked against
    /// `options.limits` and the input before it is used.
    public static func decode(_ bytes: [UInt8], options: PolicyOptions = ContainerLimits.storedPolicyOptions)
        throws(PolicyDecodingError) -> Policy {
        var decoder = PolicyDecoder(bytes: bytes, limits: options.limits)
        let (root, domains, encoding) = try decoder.read()
        var options = options
        options.numericEncoding = encoding
        let policy: Policy
        do { policy = try Policy(decodedTree: root, domains: domains, options: options) } catch {
            throw PolicyDecodingError(part: "policy", problem: error.description)
        }
        // One encoding per policy: anything the encoder would have written
        // differently (order, repeated entries, unused ones) is refused.
        guard encode(policy) == bytes else {
            throw PolicyDecodingError(part: "policy", problem: "not in canonical form (tables out of first-use order, repeated or unused entries)")
        }
        return policy
    }
}
