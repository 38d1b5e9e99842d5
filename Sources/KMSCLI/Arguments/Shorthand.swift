/// The AWS CLI's shorthand syntax for a map of strings: `key=value,key2=value2`.
///
/// - a key runs to the first `=`; the value runs to the next `,` that starts another
///   `key=value`, so `a=b=c` is `{"a": "b=c"}`;
/// - a value may be quoted, `a="x,y"` or `a='x,y'`, or escape a comma, `a=x\,y`;
/// - whitespace around keys and values is dropped, and `a=` is an empty value;
/// - a comma followed by text without `=` makes the value a list (`a=b,c`), which a map of
///   strings cannot hold: that is an error, as in the AWS CLI — never a value silently
///   holding the rest of the line.
enum Shorthand {
    static func stringMap(_ text: String, option: String) throws(CLIUsageError) -> [(String, String)] {
        var scanner = Scanner(Array(text.unicodeScalars), option: option)
        return try scanner.pairs()
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        let option: String
        var index = 0

        init(_ scalars: [Unicode.Scalar], option: String) {
            self.scalars = scalars
            self.option = option
        }

        mutating func pairs() throws(CLIUsageError) -> [(String, String)] {
            var pairs: [(String, String)] = []
            skipSpaces()
            guard index < scalars.count else { throw failure("expected key=value, got nothing") }
            while true {
                let key = try readKey()
                let value = try readValue(of: key)
                pairs.append((key, value))
                skipSpaces()
                guard index < scalars.count else { return pairs }
                // At a comma: what follows must be another key=value.
                index += 1
                guard nextSegmentHasEquals() else {
                    throw failure("the value of \"\(key)\" would be a list (a comma followed by no key=value); quote the value (\(key)=\"…,…\") or escape the comma (\\,)")
                }
            }
        }

        private mutating func readKey() throws(CLIUsageError) -> String {
            skipSpaces()
            var key = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != "=" {
                if scalars[index] == "," { throw failure("expected '=' after \"\(trimmed(key))\", got ','") }
                key.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else { throw failure("expected '=' after \"\(trimmed(key))\"") }
            index += 1  // '='
            return trimmed(key)
        }

        private mutating func readValue(of key: String) throws(CLIUsageError) -> String {
            skipSpaces()
            guard index < scalars.count else { return "" }
            let first = scalars[index]
            if first == "\"" || first == "'" {
                index += 1
                var value = String.UnicodeScalarView()
                while index < scalars.count, scalars[index] != first {
                    if scalars[index] == "\\", index + 1 < scalars.count, scalars[index + 1] == first || scalars[index + 1] == "\\" {
                        index += 1
                    }
                    value.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else { throw failure("the quoted value of \"\(key)\" has no closing \(first)") }
                index += 1
                skipSpaces()
                guard index == scalars.count || scalars[index] == "," else {
                    throw failure("expected ',' after the quoted value of \"\(key)\"")
                }
                return String(value)
            }
            if first == "[" || first == "{" {
                throw failure("the value of \"\(key)\" must be a string, not a \(first == "[" ? "list" : "structure")")
            }
            var value = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != "," {
                if scalars[index] == "\\", index + 1 < scalars.count {
                    index += 1
                }
                value.append(scalars[index])
                index += 1
            }
            return trimmed(value)
        }

        /// Whether the text after a comma, up to the next unescaped comma, holds an `=`.
        private func nextSegmentHasEquals() -> Bool {
            var cursor = index
            while cursor < scalars.count {
                switch scalars[cursor] {
                case "=": return true
                case ",": return false
                case "\\": cursor += 2
                default: cursor += 1
                }
            }
            return false
        }

        private mutating func skipSpaces() {
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        }

        private func trimmed(_ view: String.UnicodeScalarView) -> String {
            let scalars = Array(view)
            var start = 0
            var end = scalars.count
            while start < end, scalars[start].properties.isWhitespace { start += 1 }
            while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
            var result = String.UnicodeScalarView()
            result.append(contentsOf: scalars[start..<end])
            return String(result)
        }

        private func failure(_ detail: String) -> CLIUsageError {
            CLIUsageError("Error parsing parameter '\(option)': \(detail)")
        }
    }
}
