/// Recursive-descent parser for policy text (grammar in docs/POLICY.md).
///
/// Leaves are checked against the catalog as they are read, so that errors
/// point at the text; the whole tree is then checked again by
/// `PolicyChecker`, which also serves trees that come from JSON or code.
struct PolicyParser {
    let source: SourceText
    let tokens: [PolicyToken]
    let options: PolicyOptions
    private let checker: PolicyChecker
    private var position = 0
    private var depth = 0
    /// Where each leaf is, left to right: the checker reports by leaf index.
    private(set) var leafLocations: [SourceLocation] = []

    private static let termExpectation = "an attribute, a comparison, '(' or a threshold like 2 of (a, b)"

    init(text: String, options: PolicyOptions) throws(PolicyError) {
        let characters = text.unicodeScalars.count
        guard characters <= options.limits.maxCharacters else {
            throw PolicyError(.policyTooLong(characters: characters, limit: options.limits.maxCharacters))
        }
        self.source = SourceText(text)
        self.tokens = try PolicyLexer.tokenize(source)
        self.options = options
        self.checker = PolicyChecker(options: options)
    }

    // MARK: Entry points

    /// policy = expression END
    mutating func parsePolicy() throws(PolicyError) -> PolicyNode {
        if case .end = peek.kind { throw PolicyError(.emptyPolicy) }
        let root = try parseExpression()
        switch peek.kind {
        case .end:
            return root
        case .closeParen:
            throw error(.unmatchedClosingParenthesis, at: peek)
        default:
            throw unexpected("AND, OR or the end of the policy")
        }
    }

    /// One attribute and nothing else (`Attribute(parsing:)`).
    mutating func parseSingleAttribute() throws(PolicyError) -> Attribute {
        let attribute = try parseAttributeItem(allowNumericValue: false)
        guard case .attribute(let attribute) = attribute.item else {
            throw PolicyError(.invalidAttributeSet("expected one attribute"))
        }
        guard case .end = peek.kind else { throw unexpected("the end of the attribute") }
        return attribute
    }

    /// attribute_set = [ item { [","] item } [","] ] END
    mutating func parseAttributeSet() throws(PolicyError) -> [(item: AttributeSetItem, location: SourceLocation)] {
        var items: [(item: AttributeSetItem, location: SourceLocation)] = []
        while true {
            if case .end = peek.kind { return items }
            items.append(try parseAttributeItem(allowNumericValue: true))
            if case .comma = peek.kind { advance() }
        }
    }

    // MARK: Expressions

    /// expression = term { ("AND" | "OR") term }, one operator per level.
    private mutating func parseExpression() throws(PolicyError) -> PolicyNode {
        var items = [try parseTerm()]
        var gateIsAnd: Bool?
        while peek.isKeyword("and") || peek.isKeyword("or") {
            let isAnd = peek.isKeyword("and")
            if let gateIsAnd, gateIsAnd != isAnd { throw error(.mixedAndOr, at: peek) }
            gateIsAnd = isAnd
            advance()
            items.append(try parseTerm())
        }
        guard let gateIsAnd else { return items[0] }
        return gateIsAnd ? .and(items) : .or(items)
    }

    /// term = "(" expression ")" | threshold | comparison | range | attribute
    private mutating func parseTerm() throws(PolicyError) -> PolicyNode {
        let token = peek
        switch token.kind {
        case .openParen:
            try enterNesting(at: token)
            advance()
            let inner = try parseExpression()
            try expectClosing(openedBy: token, expected: "AND, OR or ')'")
            depth -= 1
            return inner
        case .word(let word):
            if Identifier.isKeyword(word) { throw unexpected(Self.termExpectation) }
            if word.unicodeScalars.allSatisfy(Identifier.isDigit) { return try parseThreshold() }
            return try parseLeaf()
        default:
            throw unexpected(Self.termExpectation)
        }
    }

    /// threshold = INTEGER "of" "(" expression { "," expression } ")"
    private mutating func parseThreshold() throws(PolicyError) -> PolicyNode {
        let countToken = advance()
        let text = countToken.word ?? ""
        guard let k = Int(text) else { throw error(.numberTooLarge(text), at: countToken) }
        guard peek.isKeyword("of") else {
            throw unexpected("'of' after \(text) (a threshold is written like \(text) of (a, b, c))")
        }
        advance()
        let open = peek
        guard case .openParen = open.kind else { throw unexpected("'(' after '\(text) of'") }
        try enterNesting(at: open)
        advance()
        var children = [try parseExpression()]
        while case .comma = peek.kind {
            advance()
            children.append(try parseExpression())
        }
        try expectClosing(openedBy: open, expected: "AND, OR, ',' or ')'")
        depth -= 1
        do throws(PolicyError) { try checker.checkThreshold(k: k, children: children.count) } catch {
            throw PolicyError(error.kind, at: source.location(of: countToken))
        }
        return .threshold(k, children)
    }

    /// A leaf that starts with a name: `key:value`, `name`, `key#bN=v`,
    /// `key op literal` or `key in [low, high]`.
    private mutating func parseLeaf() throws(PolicyError) -> PolicyNode {
        let start = peek
        let next = tokens[min(position + 1, tokens.count - 1)]
        let node: PolicyNode
        switch next.kind {
        case .comparison(let op):
            let key = try parseKey()
            advance()
            let value = try parseLiteral()
            node = .comparison(NumericComparison(key, op, value))
        case .word where next.isKeyword("in"):
            let key = try parseKey()
            advance()
            try expect(.openBracket, "'[' after 'in' (a range is written like \(key) in [18, 65])")
            let low = try parseLiteral()
            try expect(.comma, "',' between the ends of the range")
            let high = try parseLiteral()
            try expect(.closeBracket, "']' after the range")
            node = .comparison(NumericComparison(key: key, constraint: .range(low, high)))
        case .equals:
            throw error(.singleEquals, at: next)
        default:
            let parsed = try parseAttributeItem(allowNumericValue: false)
            guard case .attribute(let attribute) = parsed.item else { throw error(.singleEquals, at: start) }
            leafLocations.append(parsed.location)
            return .attribute(attribute)
        }
        let location = source.location(from: start, through: tokens[position - 1])
        leafLocations.append(location)
        if case .comparison(let comparison) = node {
            do throws(PolicyError) { _ = try checker.check(comparison) } catch {
                throw PolicyError(error.kind, at: location)
            }
        }
        return node
    }

    // MARK: Attributes

    enum AttributeSetItem {
        case attribute(Attribute)
        case numericValue(key: String, value: NumericLiteral)
    }

    /// item = NAME | NAME ":" VALUE | NAME "#" "b" DIGITS "=" ("0"|"1") | NAME "=" literal
    /// (the last form only in attribute sets). Checked against the catalog.
    private mutating func parseAttributeItem(allowNumericValue: Bool) throws(PolicyError) -> (item: AttributeSetItem, location: SourceLocation) {
        let start = peek
        let key = try parseKey()
        let item: AttributeSetItem
        switch peek.kind {
        case .colon:
            advance()
            let valueToken = peek
            guard let value = valueToken.word else { throw unexpected("a value after '\(key):'") }
            guard Identifier.isValidValue(value) else { throw error(.invalidValue(value), at: valueToken) }
            advance()
            item = .attribute(.keyed(key: key, value: value))
        case .hash:
            advance()
            let bitToken = peek
            let bitText = bitToken.word ?? ""
            let digits = bitText.dropFirst()
            guard bitText.first == "b", !digits.isEmpty, digits.unicodeScalars.allSatisfy(Identifier.isDigit),
                  let position = Int(digits), position < NumericDomain.maximumWidth
            else { throw error(.invalidBitAttribute("\(key)#\(bitText)"), at: bitToken) }
            advance()
            try expect(.equals, "'=' after \(key)#\(bitText)")
            let valueToken = peek
            guard let bitValue = valueToken.word, bitValue == "0" || bitValue == "1" else {
                throw unexpected("0 or 1 after \(key)#\(bitText)=")
            }
            advance()
            item = .attribute(.bit(key: key, position: position, isSet: bitValue == "1"))
        case .equals where allowNumericValue:
            advance()
            item = .numericValue(key: key, value: try parseLiteral())
        default:
            item = .attribute(.name(key))
        }
        let location = source.location(from: start, through: tokens[position - 1])
        if case .attribute(let attribute) = item {
            do throws(PolicyError) { try checker.check(attribute) } catch {
                throw PolicyError(error.kind, at: location)
            }
        }
        return (item, location)
    }

    /// A key or bare name: a valid name that is not a keyword.
    private mutating func parseKey() throws(PolicyError) -> String {
        let token = peek
        guard let word = token.word else { throw unexpected("an attribute") }
        if Identifier.isKeyword(word) { throw error(.keywordAsName(word), at: token) }
        guard Identifier.isValidName(word) else { throw error(.invalidName(word), at: token) }
        advance()
        return word
    }

    /// literal = INTEGER | "-" INTEGER | DATE (YYYY-MM-DD)
    private mutating func parseLiteral() throws(PolicyError) -> NumericLiteral {
        let token = peek
        guard let word = token.word else { throw unexpected("a number or a date (YYYY-MM-DD)") }
        advance()
        let digits = word.hasPrefix("-") ? word.dropFirst() : word[...]
        if !digits.isEmpty, digits.unicodeScalars.allSatisfy(Identifier.isDigit) {
            guard let value = Int(word) else { throw error(.numberTooLarge(word), at: token) }
            return .integer(value)
        }
        if let first = word.unicodeScalars.first, Identifier.isDigit(first), word.contains("-") {
            do throws(ISODate.DateError) { return .date(try ISODate(parsing: word)) } catch {
                throw self.error(.invalidDate(word, reason: error.description), at: token)
            }
        }
        throw error(.invalidNumber(word), at: token)
    }

    // MARK: Tokens

    private var peek: PolicyToken { tokens[position] }

    @discardableResult
    private mutating func advance() -> PolicyToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func expect(_ kind: PolicyToken.Kind, _ expectation: String) throws(PolicyError) {
        guard peek.kind == kind else { throw unexpected(expectation) }
        advance()
    }

    private mutating func expectClosing(openedBy open: PolicyToken, expected: String) throws(PolicyError) {
        switch peek.kind {
        case .closeParen:
            advance()
        case .end:
            let opened = source.location(of: open)
            throw error(.unclosedParenthesis(openedAtLine: opened.line, column: opened.column), at: peek)
        default:
            throw unexpected(expected)
        }
    }

    private mutating func enterNesting(at token: PolicyToken) throws(PolicyError) {
        depth += 1
        // The root counts as one level, as in PolicyChecker.
        if depth + 1 > options.limits.maxDepth {
            throw error(.nestingTooDeep(limit: options.limits.maxDepth), at: token)
        }
    }

    private func error(_ kind: PolicyError.Kind, at token: PolicyToken) -> PolicyError {
        PolicyError(kind, at: source.location(of: token))
    }

    private func unexpected(_ expectation: String) -> PolicyError {
        error(.unexpectedToken(expected: expectation, found: peek.displayName), at: peek)
    }
}
