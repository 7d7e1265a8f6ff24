/// One token of policy or attribute-set text. Offsets count Unicode scalars.
struct PolicyToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// A run of letters, digits, `_`, `-` and `.`: names, values, numbers,
        /// dates and the keywords AND, OR, of, in (checked by the parser).
        case word(String)
        case colon, hash, comma
        case openParen, closeParen, openBracket, closeBracket
        case comparison(ComparisonOperator)
        /// A lone `=`: used by attribute sets (`clearance=3`), refused in policies.
        case equals
        case end
    }

    let kind: Kind
    let offset: Int
    let length: Int

    /// The word's text when the token is a word.
    var word: String? {
        if case .word(let text) = kind { return text }
        return nil
    }

    /// Whether the token is the keyword `keyword` (any case).
    func isKeyword(_ keyword: String) -> Bool {
        word.map { $0.lowercased() == keyword } ?? false
    }

    /// How the token is named in "expected … but found …" messages.
    var displayName: String {
        switch kind {
        case .word(let text): return "'\(text)'"
        case .colon: return "':'"
        case .hash: return "'#'"
        case .comma: return "','"
        case .openParen: return "'('"
        case .closeParen: return "')'"
        case .openBracket: return "'['"
        case .closeBracket: return "']'"
        case .comparison(let op): return "'\(op.rawValue)'"
        case .equals: return "'='"
        case .end: return "the end of the input"
        }
    }
}

/// The text being read, with what is needed to point at a place in it.
struct SourceText: Sendable {
    let scalars: [Unicode.Scalar]
    /// Offsets at which each line starts and ends (before its newline).
    private let lineStarts: [Int]
    private let lineEnds: [Int]
    /// Each line's text, built once: the parser takes a location for every
    /// leaf, and rebuilding the line each time made parsing a long one-line
    /// policy quadratic (seconds for 64 KiB; issue 12's bounded work).
    private let lineTexts: [String]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        var starts = [0], ends = [Int]()
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            ends.append(offset)
            starts.append(offset + 1)
        }
        ends.append(scalars.count)
        lineStarts = starts
        lineEnds = ends
        let all = scalars
        lineTexts = zip(starts, ends).map { start, end in
            var line = String.UnicodeScalarView()
            line.append(contentsOf: all[start..<end].lazy.filter { $0 != "\r" })
            return String(line)
        }
    }

    func location(offset: Int, length: Int) -> SourceLocation {
        // The last line starting at or before `offset`.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low], end = lineEnds[low]
        let column = offset - start + 1
        // Never underline past the end of the line (multi-line spans, the end).
        let visible = max(1, min(length, end - offset))
        return SourceLocation(line: low + 1, column: column, length: visible, lineText: lineTexts[low])
    }

    func location(of token: PolicyToken) -> SourceLocation {
        location(offset: token.offset, length: token.length)
    }

    func location(from first: PolicyToken, through last: PolicyToken) -> SourceLocation {
        location(offset: first.offset, length: last.offset + last.length - first.offset)
    }
}

/// Splits text into tokens; refuses characters the language does not use,
/// with a hint when the character looks like a familiar mistake.
enum PolicyLexer {
    static func tokenize(_ source: SourceText) throws(PolicyError) -> [PolicyToken] {
        let scalars = source.scalars
        var tokens: [PolicyToken] = []
        var index = 0
        func add(_ kind: PolicyToken.Kind, length: Int) {
            tokens.append(PolicyToken(kind: kind, offset: index, length: length))
            index += length
        }
        func next(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\n", "\r":
                index += 1
            case ":": add(.colon, length: 1)
            case "#": add(.hash, length: 1)
            case ",": add(.comma, length: 1)
            case "(": add(.openParen, length: 1)
            case ")": add(.closeParen, length: 1)
            case "[": add(.openBracket, length: 1)
            case "]": add(.closeBracket, length: 1)
            case ">":
                if next(1) == "=" { add(.comparison(.greaterOrEqual), length: 2) } else { add(.comparison(.greater), length: 1) }
            case "<":
                if next(1) == "=" { add(.comparison(.lessOrEqual), length: 2) } else { add(.comparison(.less), length: 1) }
            case "=":
                if next(1) == "=" { add(.comparison(.equal), length: 2) } else { add(.equals, length: 1) }
            default:
                if Identifier.isWordBodyCharacter(scalar) {
                    var end = index
                    while end < scalars.count, Identifier.isWordBodyCharacter(scalars[end]) { end += 1 }
                    var word = String.UnicodeScalarView()
                    word.append(contentsOf: scalars[index..<end])
                    add(.word(String(word)), length: end - index)
                } else {
                    throw PolicyError(.unexpectedCharacter(String(scalar), hint: hint(for: scalar, next: next(1))),
                                      at: source.location(offset: index, length: 1))
                }
            }
        }
        tokens.append(PolicyToken(kind: .end, offset: scalars.count, length: 1))
        return tokens
    }

    private static func hint(for scalar: Unicode.Scalar, next: Unicode.Scalar?) -> String? {
        switch scalar {
        case "≥": return "did you mean '>='?"
        case "≤": return "did you mean '<='?"
        case "≠", "!":
            return next == "=" || scalar == "≠"
                ? "'not equal' is not supported: policies are monotone (a key can always hide attributes)"
                : "NOT is not supported: policies are monotone (a key can always hide attributes)"
        case "&": return "write AND"
        case "|": return "write OR"
        case "\"", "'", "`", "“", "”", "‘", "’": return "values are written without quotes (e.g. role:cardiologist)"
        case "{": return "group with parentheses ( )"
        case "}": return "group with parentheses ( )"
        default: return nil
        }
    }
}
