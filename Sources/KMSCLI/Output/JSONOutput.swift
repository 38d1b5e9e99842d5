import KMS

/// A JSON document as the AWS CLI prints it: members in the order the commands give them
/// (the wire's order), four-space indentation, `"Key": value`.
///
/// A small tree of its own rather than `JSONEncoder`, whose member order is unspecified, so
/// the output is stable from run to run and reads like `aws kms …`'s.
package indirect enum JSONOutput: Equatable, Sendable {
    case null
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([JSONOutput])
    /// Members in printing order.
    case object([(String, JSONOutput)])

    /// An object of the members whose value is not nil, in order.
    package static func object(dropping members: [(String, JSONOutput?)]) -> JSONOutput {
        .object(members.compactMap { name, value in value.map { (name, $0) } })
    }

    /// The document as text, nested lines indented by four spaces per level.
    package func rendered(level: Int = 0) -> String {
        let indent = String(repeating: " ", count: 4 * (level + 1))
        let closing = String(repeating: " ", count: 4 * level)
        switch self {
        case .null:
            return "null"
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
    package static func quoted(_ value: String) -> String {
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

    package static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.null, _), (.string, _), (.integer, _), (.bool, _), (.array, _), (.object, _): false
        }
    }
}

extension JSONOutput {
    /// The tree of a parsed JSON document; nil when it holds a number that is not a whole one,
    /// which nothing the command line reads or prints has.
    package init?(_ tree: JSONTree) {
        switch tree {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .string(let value): self = .string(value)
        case .number(let value):
            guard let integer = Int(exactly: value) else { return nil }
            self = .integer(integer)
        case .array(let elements):
            var converted: [JSONOutput] = []
            for element in elements {
                guard let value = JSONOutput(element) else { return nil }
                converted.append(value)
            }
            self = .array(converted)
        case .object(let members):
            var converted: [(String, JSONOutput)] = []
            for (key, element) in members {
                guard let value = JSONOutput(element) else { return nil }
                converted.append((key, value))
            }
            self = .object(converted)
        }
    }

    /// The value of member `name` of an object; nil for anything else or a missing member.
    package subscript(member name: String) -> JSONOutput? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }
}
