/// The canonical text of a policy: parse(print(t)) == t.normalized(), and
/// every spelling of one tree (keyword case, whitespace, redundant or
/// same-operator parentheses) prints the same.
///
/// Style: `AND`/`OR` upper case, `of`/`in` lower case, single spaces, an OR
/// inside an AND (and vice versa) in parentheses, threshold items separated
/// by ", " and never parenthesized (the commas delimit them).
extension PolicyNode {
    public var canonicalText: String {
        var output = ""
        normalized().write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .attribute(let attribute):
            output += attribute.description
        case .comparison(let comparison):
            output += comparison.description
        case .and(let children):
            writeGate(children, separator: " AND ", to: &output)
        case .or(let children):
            writeGate(children, separator: " OR ", to: &output)
        case .threshold(let k, let children):
            output += "\(k) of ("
            for (index, child) in children.enumerated() {
                if index > 0 { output += ", " }
                child.write(to: &output)
            }
            output += ")"
        }
    }

    private func writeGate(_ children: [PolicyNode], separator: String, to output: inout String) {
        for (index, child) in children.enumerated() {
            if index > 0 { output += separator }
            switch child {
            case .and, .or:
                output += "("
                child.write(to: &output)
                output += ")"
            default:
                child.write(to: &output)
            }
        }
    }
}

extension NumericComparison: CustomStringConvertible {
    public var description: String {
        switch constraint {
        case .compare(let op, let value): return "\(key) \(op.rawValue) \(value)"
        case .range(let low, let high): return "\(key) in [\(low), \(high)]"
        }
    }
}
