/// Reads the binary policy encoding (the inverse of `PolicyEncoding.encode`)
/// as untrusted input: counts are bounded by the policy limits before
/// anything is allocated for them, indices are checked against their tables,
/// the tree's depth and leaf count against the limits.
struct PolicyDecoder {
    private var reader: BitReader
    private let limits: PolicyLimits
    private var keys: [PolicyEncodingTables.Key] = []
    private var atoms: [PolicyNode] = []
    private var leaves = 0

    /// Days since 1970-01-01 of 0000-01-01 and 9999-12-31: the dates ISO text can write.
    static let dateRange = -719_528...2_932_896

    init(bytes: [UInt8], limits: PolicyLimits) {
        self.reader = BitReader(bytes)
        self.limits = limits
    }

    mutating func read() throws(PolicyDecodingError) -> (PolicyNode, [String: NumericDomain], NumericEncoding) {
        let encoding: NumericEncoding = try field("header") { r throws(BitReaderError) in try r.bit() } ? .bothBounds : .sharedPrefix
        let keyCount = try count("keys")
        for index in 0..<keyCount { keys.append(try readKey(index)) }
        let atomCount = try count("atoms")
        guard atomCount >= keyCount else {
            throw PolicyDecodingError(part: "atoms", problem: "\(atomCount) atoms cannot use \(keyCount) keys")
        }
        let keyBits = PolicyEncodingTables.indexBits(keyCount)
        for index in 0..<atomCount { atoms.append(try readAtom(index, keyBits: keyBits)) }
        let root = try readNode(context: .free, depth: 1, atomBits: PolicyEncodingTables.indexBits(atomCount))
        try field("end") { r throws(BitReaderError) in try r.expectPaddingOnly() }
        var domains: [String: NumericDomain] = [:]
        for key in keys {
            guard let domain = key.domain else { continue }
            guard domains[key.name] == nil else {
                throw PolicyDecodingError(part: "key \(key.name)", problem: "has two domains")
            }
            domains[key.name] = domain
        }
        return (root, domains, encoding)
    }

    /// Runs a read of part `part`, naming the part in its error.
    private mutating func field<T>(_ part: String, _ body: (inout BitReader) throws(BitReaderError) -> T) throws(PolicyDecodingError) -> T {
        do { return try body(&reader) } catch { throw PolicyDecodingError(part: part, problem: error.problem) }
    }

    /// A table size: at least 1, at most the rows a policy may have (every
    /// key and atom labels at least one leaf).
    private mutating func count(_ part: String) throws(PolicyDecodingError) -> Int {
        let value = try field(part) { r throws(BitReaderError) in try r.unsigned(maxBits: 20) } + 1
        guard value <= limits.maxRows else {
            throw PolicyDecodingError(part: part, problem: "\(value) entries exceed the limit of \(limits.maxRows) rows")
        }
        return value
    }

    private mutating func name(_ part: String) throws(PolicyDecodingError) -> String {
        try field(part) { r throws(BitReaderError) in try IdentifierCode.read(from: &r, limit: PolicyEncoding.maxNameCharacters) }
    }

    private mutating func readKey(_ index: Int) throws(PolicyDecodingError) -> PolicyEncodingTables.Key {
        let part = "key \(index + 1)"
        let name = try name(part)
        guard Identifier.isValidName(name), !Identifier.isKeyword(name) else {
            throw PolicyDecodingError(part: part, problem: "'\(name)' is not a valid attribute key")
        }
        let kind = PolicyEncodingTables.KeyKind(rawValue: try field(part) { r throws(BitReaderError) in try r.bits(2) })!
        guard kind == .numeric else { return .init(name: name, kind: kind, domain: nil) }
        let (isDate, minimum, span, extra) = try field("\(part) domain") { r throws(BitReaderError) in
            (try r.bit(), try r.signed(maxBits: 62), try r.unsigned(maxBits: 62), try r.unsigned(maxBits: 6))
        }
        let (maximum, overflow) = minimum.addingReportingOverflow(span)
        guard !overflow, extra <= NumericDomain.maximumWidth else {
            throw PolicyDecodingError(part: "\(part) domain", problem: "range out of bounds")
        }
        if isDate, !(Self.dateRange.contains(minimum) && Self.dateRange.contains(maximum)) {
            throw PolicyDecodingError(part: "\(part) domain", problem: "dates outside 0000-01-01…9999-12-31")
        }
        do {
            let domain = try NumericDomain(kind: isDate ? .date : .integer, minimum: minimum, maximum: maximum,
                                           width: NumericDomain.bitsNeeded(span) + extra)
            return .init(name: name, kind: kind, domain: domain)
        } catch {
            throw PolicyDecodingError(part: "\(part) domain", problem: error.message)
        }
    }

    private mutating func readAtom(_ index: Int, keyBits: Int) throws(PolicyDecodingError) -> PolicyNode {
        let part = "atom \(index + 1)"
        let keyIndex = try field(part) { r throws(BitReaderError) in try r.bits(keyBits) }
        guard keyIndex < keys.count else {
            throw PolicyDecodingError(part: part, problem: "key index \(keyIndex + 1) is beyond the \(keys.count) keys")
        }
        let key = keys[keyIndex]
        func bit() throws(PolicyDecodingError) -> PolicyNode {
            let (position, isSet) = try field(part) { r throws(BitReaderError) in (try r.unsigned(maxBits: 6), try r.bit()) }
            guard position < NumericDomain.maximumWidth else {
                throw PolicyDecodingError(part: part, problem: "bit \(position) is beyond \(NumericDomain.maximumWidth - 1)")
            }
            return .attribute(.bit(key: key.name, position: position, isSet: isSet))
        }
        switch key.kind {
        case .flag:
            return .attribute(.name(key.name))
        case .keyed:
            let value = try name(part)
            guard Identifier.isValidValue(value) else {
                throw PolicyDecodingError(part: part, problem: "'\(value)' is not a valid attribute value")
            }
            return .attribute(.keyed(key: key.name, value: value))
        case .bits:
            return try bit()
        case .numeric:
            let domain = key.domain!
            let span = domain.maximum - domain.minimum
            let rawCode = try field(part) { r throws(BitReaderError) in try r.bits(3) }
            guard let code = PolicyEncoding.OperatorCode(rawValue: rawCode) else {
                throw PolicyDecodingError(part: part, problem: "unknown comparison code \(rawCode)")
            }
            if code == .bit { return try bit() }
            // Offsets from the domain's minimum, each within its span, so no sum overflows.
            let first = try field(part) { r throws(BitReaderError) in try r.unsigned(maxBits: 62) }
            guard first <= span else { throw PolicyDecodingError(part: part, problem: "a value outside the key's domain") }
            let low = domain.literal(domain.minimum + first)
            let constraint: NumericConstraint
            switch code {
            case .less: constraint = .compare(.less, low)
            case .lessOrEqual: constraint = .compare(.lessOrEqual, low)
            case .greater: constraint = .compare(.greater, low)
            case .greaterOrEqual: constraint = .compare(.greaterOrEqual, low)
            case .equal: constraint = .compare(.equal, low)
            case .range, .bit:
                let width = try field(part) { r throws(BitReaderError) in try r.unsigned(maxBits: 62) }
                guard width <= span - first else { throw PolicyDecodingError(part: part, problem: "a range beyond the key's domain") }
                constraint = .range(low, domain.literal(domain.minimum + first + width))
            }
            return .comparison(NumericComparison(key: key.name, constraint: constraint))
        }
    }

    private mutating func readNode(context: PolicyEncoding.Context, depth: Int, atomBits: Int) throws(PolicyDecodingError) -> PolicyNode {
        guard depth <= limits.maxDepth else {
            throw PolicyDecodingError(part: "tree", problem: "nested deeper than \(limits.maxDepth)")
        }
        let isGate = try field("tree") { r throws(BitReaderError) in try r.bit() }
        guard isGate else {
            leaves += 1
            guard leaves <= limits.maxRows else {
                throw PolicyDecodingError(part: "tree", problem: "more than \(limits.maxRows) leaves")
            }
            let index = try field("tree") { r throws(BitReaderError) in try r.bits(atomBits) }
            guard index < atoms.count else {
                throw PolicyDecodingError(part: "tree", problem: "leaf index \(index + 1) is beyond the \(atoms.count) atoms")
            }
            return atoms[index]
        }
        enum Gate { case and, or, threshold }
        let second = try field("tree") { r throws(BitReaderError) in try r.bit() }
        let gate: Gate
        switch context {
        case .free: gate = second ? .threshold : (try field("tree") { r throws(BitReaderError) in try r.bit() } ? .or : .and)
        case .andChild: gate = second ? .threshold : .or
        case .orChild: gate = second ? .threshold : .and
        }
        // Every child holds at least one leaf, so a gate cannot have more
        // children than the leaves still allowed.
        let room = limits.maxRows - leaves
        let children = try field("tree") { r throws(BitReaderError) in try r.unsigned(maxBits: 20) } + (gate == .threshold ? 3 : 2)
        guard children <= room else {
            throw PolicyDecodingError(part: "tree", problem: "a gate of \(children) children exceeds the limit of \(limits.maxRows) leaves")
        }
        var k = 0
        if gate == .threshold {
            k = try field("tree") { r throws(BitReaderError) in try r.unsigned(maxBits: 20) } + 2
            guard k < children else { throw PolicyDecodingError(part: "tree", problem: "threshold \(k) of \(children) is not below its children") }
        }
        var nodes: [PolicyNode] = []
        let childContext: PolicyEncoding.Context = switch gate {
        case .and: .andChild
        case .or: .orChild
        case .threshold: .free
        }
        for _ in 0..<children { nodes.append(try readNode(context: childContext, depth: depth + 1, atomBits: atomBits)) }
        switch gate {
        case .and: return .and(nodes)
        case .or: return .or(nodes)
        case .threshold: return .threshold(k, nodes)
        }
    }
}
