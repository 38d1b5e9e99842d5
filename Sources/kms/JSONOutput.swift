/// A JSON document as the AWS CLI prints it: members in the order the commands give them
/// (the wire's order), four-space indentation, `"Key": value`.
///
/// A small tree of its own rather than `JSONEncoder`, whose member order is unspecified, so
/// the output is stable from run to run and reads like `aws kms …`'s.
indirect enum JSONOutput: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([JSONOutput])
    /// Members in printing order.
    case object([(String, JSONOutput)])

    /// An object of the members whose value is not nil, in order.
    static func object(dropping members: [(String, JSONOutput?)]) -> JSONOutput {
        .object(members.compactMap { name, value in value.map { (name, $0) } })
    }

    /// Prints the document and a newline on stdout.
    func print() {
        Swift.print(rendered())
    }

    /// The document as text, nested lines indented by four spaces per level.
    func rendered(level: Int = 0) -> String {
        let indent = String(repeating: " ", count: 4 * (level + 1))
        let closing = String(repeating: " ", count: 4 * level)
        switch self {
        case .string(let value):
            return Self.quoted(value)
        case .integer(let value):
            return String(value)
        case .bool(let value):
            return value ? "true" : "false"
        case .array(let elements):
            if elements.isEmpty { return "[]" }
            let lines = elements.map { indent + $0.rendered(level: level + 1) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + closing + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let lines = members.map { indent + Self.quoted($0.0) + ": " + $0.1.rendered(level: level + 1) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + closing + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest
    /// (non-ASCII included) as it is.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.string, _), (.integer, _), (.bool, _), (.array, _), (.object, _): false
        }
    }
}
