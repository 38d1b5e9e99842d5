import KMS

/// One token of a `--query` expression.
enum QueryToken: Equatable {
    case identifier(String)
    case quotedIdentifier(String)
    case rawString(String)
    case literal(JSONOutput)
    case number(Int)
    case dot, star, comma, colon, pipe, or, and, not, at, ampersand
    case leftBracket, rightBracket, flatten, filter, leftBrace, rightBrace, leftParen, rightParen
    case comparator(QueryComparator)
    case end

    /// How tightly the token binds to what is on its left (the JMESPath specification's table).
    var bindingPower: Int {
        switch self {
        case .pipe: 1
        case .or: 2
        case .and: 3
        case .comparator: 5
        case .flatten: 9
        case .star: 20
        case .filter: 21
        case .dot: 40
        case .not: 45
        case .leftBrace: 50
        case .leftBracket: 55
        case .leftParen: 60
        default: 0
        }
    }
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
enum QueryComparator: String, Equatable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// Splits a `--query` expression into tokens.
enum QueryLexer {
    static func tokens(_ expression: String) throws(CLIUsageError) -> [QueryToken] {
        let scalars = Array(expression.unicodeScalars)
        var tokens: [QueryToken] = []
        var index = 0
        func peek(_ offset: Int = 1) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\n", "\r":
                index += 1
            case "a"..."z", "A"..."Z", "_":
                var name = String.UnicodeScalarView()
                while index < scalars.count, isIdentifierScalar(scalars[index]) {
                    name.append(scalars[index])
                    index += 1
                }
                tokens.append(.identifier(String(name)))
            case "0"..."9", "-":
                var digits = String.UnicodeScalarView([scalar])
                index += 1
                while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                    digits.append(scalars[index])
                    index += 1
                }
                guard let number = Int(String(digits)) else {
                    throw Query.error("'\(String(digits))' is not a number")
                }
                tokens.append(.number(number))
            case "\"":
                let text = try delimited(scalars, &index, by: "\"", keepingEscapes: true)
                guard case .string(let name)? = try? JSONTree.parse("\"" + text + "\"") else {
                    throw Query.error("invalid quoted identifier \"\(text)\"")
                }
                tokens.append(.quotedIdentifier(name))
            case "'":
                let text = try delimited(scalars, &index, by: "'", keepingEscapes: false)
                tokens.append(.rawString(text))
            case "`":
                let text = try delimited(scalars, &index, by: "`", keepingEscapes: false)
                guard let tree = try? JSONTree.parse(text) else {
                    throw Query.error("invalid JSON literal `\(text)` (strings need quotes inside: `\"text\"`)")
                }
                guard let value = JSONOutput(tree) else {
                    throw Query.error("the literal `\(text)` has a number that is not whole, which is not supported")
                }
                tokens.append(.literal(value))
            case ".": tokens.append(.dot); index += 1
            case "*": tokens.append(.star); index += 1
            case ",": tokens.append(.comma); index += 1
            case ":": tokens.append(.colon); index += 1
            case "@": tokens.append(.at); index += 1
            case "]": tokens.append(.rightBracket); index += 1
            case "{": tokens.append(.leftBrace); index += 1
            case "}": tokens.append(.rightBrace); index += 1
            case "(": tokens.append(.leftParen); index += 1
            case ")": tokens.append(.rightParen); index += 1
            case "[":
                if peek() == "]" { tokens.append(.flatten); index += 2 }
                else if peek() == "?" { tokens.append(.filter); index += 2 }
                else { tokens.append(.leftBracket); index += 1 }
            case "|":
                if peek() == "|" { tokens.append(.or); index += 2 } else { tokens.append(.pipe); index += 1 }
            case "&":
                if peek() == "&" { tokens.append(.and); index += 2 } else { tokens.append(.ampersand); index += 1 }
            case "!":
                if peek() == "=" { tokens.append(.comparator(.notEqual)); index += 2 } else { tokens.append(.not); index += 1 }
            case "=":
                guard peek() == "=" else { throw Query.error("'=' is not an operator; compare with '=='") }
                tokens.append(.comparator(.equal)); index += 2
            case "<":
                if peek() == "=" { tokens.append(.comparator(.lessOrEqual)); index += 2 } else { tokens.append(.comparator(.less)); index += 1 }
            case ">":
                if peek() == "=" { tokens.append(.comparator(.greaterOrEqual)); index += 2 } else { tokens.append(.comparator(.greater)); index += 1 }
            default:
                throw Query.error("unexpected character '\(scalar)'")
            }
        }
        tokens.append(.end)
        return tokens
    }

    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }

    /// The text between `delimiter`s starting at `index`; a backslash escapes the delimiter
    /// (kept as `\x` when `keepingEscapes`, for JSON strings to decode).
    private static func delimited(
        _ scalars: [Unicode.Scalar], _ index: inout Int, by delimiter: Unicode.Scalar, keepingEscapes: Bool
    ) throws(CLIUsageError) -> String {
        var text = String.UnicodeScalarView()
        index += 1
        while index < scalars.count, scalars[index] != delimiter {
            if scalars[index] == "\\", index + 1 < scalars.count {
                if keepingEscapes || (scalars[index + 1] != delimiter && scalars[index + 1] != "\\") {
                    text.append(scalars[index])
                }
                index += 1
            }
            text.append(scalars[index])
            index += 1
        }
        guard index < scalars.count else { throw Query.error("unterminated \(delimiter)…\(delimiter)") }
        index += 1
        return String(text)
    }
}
