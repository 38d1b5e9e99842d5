/// `--query`: a JMESPath expression applied to the result before it is printed, as in the AWS
/// CLI. A subset of JMESPath of our own: identifiers (plain and `"quoted"`), sub-expressions
/// (`a.b`), indexes (`[0]`, `[-1]`), slices (`[1:3]`, `[::-1]`), list and object projections
/// (`[*]`, `[]`, `*`), multi-select lists (`[a, b]`) and hashes (`{A: a}`), filters
/// (`[?KeyId=='…']` with `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, `!`), pipes (`|`),
/// literals (`'raw'`, `` `json` ``), `@`, and the functions `length`, `contains` and
/// `starts_with`. Anything else is a ``CLIUsageError`` naming what is not supported.
package struct Query: Sendable {
    let root: QueryNode
    /// The expression as given.
    package let text: String

    /// Parses `text`; a syntax error or an unsupported feature is a ``CLIUsageError``.
    package init(_ text: String) throws(CLIUsageError) {
        self.text = text
        let tokens = try QueryLexer.tokens(text)
        // A bound on the tree's size bounds the recursion of searching and freeing it.
        guard tokens.count <= QueryParser.maximumTokens else {
            throw Self.error("longer than \(QueryParser.maximumTokens) tokens")
        }
        var parser = QueryParser(tokens: tokens)
        root = try parser.parseAll()
    }

    /// What the expression selects from `value` (`.null` when nothing matches).
    package func search(_ value: JSONOutput) throws(CLIUsageError) -> JSONOutput {
        try root.evaluate(value)
    }

    static func error(_ detail: String) -> CLIUsageError {
        CLIUsageError("Bad value for --query: \(detail)")
    }
}

/// A Pratt parser for ``Query``, with the JMESPath specification's binding powers.
struct QueryParser {
    /// The deepest nesting accepted: enough for any real query, and far from the stack's end.
    static let maximumDepth = 128
    /// The most tokens accepted; real queries have a few dozen.
    static let maximumTokens = 1024

    let tokens: [QueryToken]
    var position = 0
    var depth = 0

    init(tokens: [QueryToken]) {
        self.tokens = tokens
    }

    var current: QueryToken { tokens[position] }
    var next: QueryToken { position + 1 < tokens.count ? tokens[position + 1] : .end }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func parseAll() throws(CLIUsageError) -> QueryNode {
        let node = try expression(0)
        guard current == .end else { throw Query.error("unexpected \(describe(current))") }
        return node
    }

    mutating func expression(_ bindingPower: Int) throws(CLIUsageError) -> QueryNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw Query.error("nested more than \(Self.maximumDepth) levels deep") }
        let token = current
        advance()
        var left = try nud(token)
        while bindingPower < current.bindingPower {
            let token = current
            advance()
            left = try led(token, left)
        }
        return left
    }

    private mutating func nud(_ token: QueryToken) throws(CLIUsageError) -> QueryNode {
        switch token {
        case .identifier(let name):
            if current == .leftParen { return try functionCall(name) }
            return .field(name)
        case .quotedIdentifier(let name):
            return .field(name)
        case .rawString(let text):
            return .literal(.string(text))
        case .literal(let value):
            return .literal(value)
        case .at:
            return .current
        case .star:
            return .objectProjection(.current, try projectionRHS(QueryToken.star.bindingPower))
        case .flatten:
            return .listProjection(.flatten(.current), try projectionRHS(QueryToken.flatten.bindingPower))
        case .filter:
            return try filter(.current)
        case .leftBracket:
            if case .number = current { return try indexOrSlice(.current) }
            if current == .colon { return try indexOrSlice(.current) }
            if current == .star, next == .rightBracket {
                advance(); advance()
                return .listProjection(.current, try projectionRHS(QueryToken.star.bindingPower))
            }
            return try multiSelectList()
        case .leftBrace:
            return try multiSelectHash()
        case .not:
            return .not(try expression(QueryToken.not.bindingPower))
        case .leftParen:
            let inner = try expression(0)
            try expect(.rightParen)
            return inner
        case .ampersand:
            throw Query.error("expression references (&…) are not supported")
        case .number(let number):
            throw Query.error("a bare number (\(number)) is not an expression; write `\(number)` for a number literal")
        default:
            throw Query.error("unexpected \(describe(token))")
        }
    }

    private mutating func led(_ token: QueryToken, _ left: QueryNode) throws(CLIUsageError) -> QueryNode {
        switch token {
        case .dot:
            if current == .star {
                advance()
                return .objectProjection(left, try projectionRHS(QueryToken.star.bindingPower))
            }
            return .subexpression(left, try dotRHS(QueryToken.dot.bindingPower))
        case .leftBracket:
            if case .number = current { return try indexOrSlice(left) }
            if current == .colon { return try indexOrSlice(left) }
            guard current == .star, next == .rightBracket else {
                throw Query.error("expected a number, ':' or '*' after '[', got \(describe(current))")
            }
            advance(); advance()
            return .listProjection(left, try projectionRHS(QueryToken.star.bindingPower))
        case .flatten:
            return .listProjection(.flatten(left), try projectionRHS(QueryToken.flatten.bindingPower))
        case .filter:
            return try filter(left)
        case .pipe:
            return .pipe(left, try expression(QueryToken.pipe.bindingPower))
        case .or:
            return .or(left, try expression(QueryToken.or.bindingPower))
        case .and:
            return .and(left, try expression(QueryToken.and.bindingPower))
        case .comparator(let comparator):
            return .comparison(comparator, left, try expression(token.bindingPower))
        case .leftParen:
            throw Query.error("only a function name can be called")
        default:
            throw Query.error("unexpected \(describe(token))")
        }
    }

    /// After `[` (already consumed): `n]`, or a slice `start:stop:step]`.
    private mutating func indexOrSlice(_ left: QueryNode) throws(CLIUsageError) -> QueryNode {
        var parts: [Int?] = [nil]
        while current != .rightBracket {
            switch current {
            case .number(let number):
                guard parts[parts.count - 1] == nil else { throw Query.error("expected ':' or ']' after \(number)") }
                parts[parts.count - 1] = number
            case .colon:
                guard parts.count < 3 else { throw Query.error("a slice has at most start:stop:step") }
                parts.append(nil)
            default:
                throw Query.error("unexpected \(describe(current)) in an index or slice")
            }
            advance()
        }
        advance()
        if parts.count == 1, let index = parts[0] { return .index(left, index) }
        let slice = QueryNode.slice(left, start: parts[0], stop: parts.count > 1 ? parts[1] : nil, step: parts.count > 2 ? parts[2] : nil)
        return .listProjection(slice, try projectionRHS(QueryToken.star.bindingPower))
    }

    private mutating func filter(_ left: QueryNode) throws(CLIUsageError) -> QueryNode {
        let condition = try expression(0)
        try expect(.rightBracket)
        return .filterProjection(left, try projectionRHS(QueryToken.filter.bindingPower), condition: condition)
    }

    /// What follows a projection: nothing (`@`), more brackets, or `.` and a sub-expression.
    private mutating func projectionRHS(_ bindingPower: Int) throws(CLIUsageError) -> QueryNode {
        if current.bindingPower < 10 { return .current }
        switch current {
        case .leftBracket, .filter, .flatten:
            return try expression(bindingPower)
        case .dot:
            advance()
            return try dotRHS(bindingPower)
        default:
            throw Query.error("unexpected \(describe(current)) after a projection")
        }
    }

    private mutating func dotRHS(_ bindingPower: Int) throws(CLIUsageError) -> QueryNode {
        switch current {
        case .identifier, .quotedIdentifier, .star:
            return try expression(bindingPower)
        case .leftBracket:
            advance()
            return try multiSelectList()
        case .leftBrace:
            advance()
            return try multiSelectHash()
        default:
            throw Query.error("expected a name, '*', '[' or '{' after '.', got \(describe(current))")
        }
    }

    /// After `[`: `expression, expression, …]`.
    private mutating func multiSelectList() throws(CLIUsageError) -> QueryNode {
        var elements: [QueryNode] = []
        while true {
            elements.append(try expression(0))
            if current == .rightBracket { advance(); return .multiSelectList(elements) }
            try expect(.comma)
        }
    }

    /// After `{`: `Key: expression, …}`.
    private mutating func multiSelectHash() throws(CLIUsageError) -> QueryNode {
        var members: [(String, QueryNode)] = []
        while true {
            let key: String
            switch current {
            case .identifier(let name), .quotedIdentifier(let name): key = name
            default: throw Query.error("expected a key name in {…}, got \(describe(current))")
            }
            advance()
            try expect(.colon)
            members.append((key, try expression(0)))
            if current == .rightBrace { advance(); return .multiSelectHash(members) }
            try expect(.comma)
        }
    }

    /// After a name, at `(`: the arguments up to `)`.
    private mutating func functionCall(_ name: String) throws(CLIUsageError) -> QueryNode {
        guard let arity = QueryFunction.names[name] else {
            let known = QueryFunction.names.keys.sorted().joined(separator: ", ")
            throw Query.error("the function \(name)() is not supported (supported: \(known))")
        }
        advance()  // (
        var arguments: [QueryNode] = []
        if current != .rightParen {
            while true {
                arguments.append(try expression(0))
                if current == .rightParen { break }
                try expect(.comma)
            }
        }
        advance()  // )
        guard arguments.count == arity else {
            throw Query.error("\(name)() takes \(arity) argument(s), got \(arguments.count)")
        }
        return .function(name, arguments)
    }

    private mutating func expect(_ token: QueryToken) throws(CLIUsageError) {
        guard current == token else { throw Query.error("expected \(describe(token)), got \(describe(current))") }
        advance()
    }

    private func describe(_ token: QueryToken) -> String {
        switch token {
        case .identifier(let name): "'\(name)'"
        case .quotedIdentifier(let name): "\"\(name)\""
        case .rawString(let text): "'\(text)'"
        case .literal: "a literal"
        case .number(let number): "\(number)"
        case .dot: "'.'"
        case .star: "'*'"
        case .comma: "','"
        case .colon: "':'"
        case .pipe: "'|'"
        case .or: "'||'"
        case .and: "'&&'"
        case .not: "'!'"
        case .at: "'@'"
        case .ampersand: "'&'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .flatten: "'[]'"
        case .filter: "'[?'"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comparator(let comparator): "'\(comparator.rawValue)'"
        case .end: "the end of the expression"
        }
    }
}
