/// The functions `--query` knows: `length`, `contains`, `starts_with`. Others are refused
/// when the expression is parsed, naming these.
enum QueryFunction {
    static let names: [String: Int] = ["length": 1, "contains": 2, "starts_with": 2]

    static func call(_ name: String, _ arguments: [JSONOutput]) throws(CLIUsageError) -> JSONOutput {
        switch (name, arguments.count) {
        case ("length", 1):
            switch arguments[0] {
            case .string(let text): return .integer(text.unicodeScalars.count)
            case .array(let elements): return .integer(elements.count)
            case .object(let members): return .integer(members.count)
            default: throw Query.error("length() takes a string, list or object, not \(typeName(arguments[0]))")
            }
        case ("contains", 2):
            switch (arguments[0], arguments[1]) {
            case (.array(let elements), let search): return .bool(elements.contains(search))
            case (.string(let text), .string(let search)): return .bool(search.isEmpty || text.contains(search))
            case (.string, let other): throw Query.error("contains() on a string looks for a string, not \(typeName(other))")
            default: throw Query.error("contains() takes a list or string first, not \(typeName(arguments[0]))")
            }
        case ("starts_with", 2):
            guard case .string(let text) = arguments[0], case .string(let prefix) = arguments[1] else {
                throw Query.error("starts_with() takes two strings")
            }
            return .bool(text.unicodeScalars.starts(with: prefix.unicodeScalars))
        default:
            throw Query.error("\(name)() takes \(names[name] ?? 0) argument(s), got \(arguments.count)")
        }
    }

    private static func typeName(_ value: JSONOutput) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
