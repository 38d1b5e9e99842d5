/// `--output text` as the AWS CLI writes it, so `cut -f` and `read` recipes carry over:
///
/// - a scalar alone is printed as it is (`--query Plaintext --output text` gives the base64);
/// - an object prints its scalar members on one line, tab-separated, in key order; its list
///   and object members follow, each under its key in capitals (`KEYS\tarn\tid`);
/// - a list of objects prints one line per object, all with the same columns (the scalar keys
///   of any of them, in key order, empty where one lacks it);
/// - a list of scalars is one tab-separated line, or one `NAME\tvalue` line per element when
///   it is a named member;
/// - `true`/`false`/`null` read `True`/`False`/`None`, as Python prints them.
package enum TextFormatter {
    package static func render(_ value: JSONOutput) -> String {
        var output = ""
        format(value, identifier: nil, columns: nil, into: &output)
        return output
    }

    private static func format(_ value: JSONOutput, identifier: String?, columns: [String]?, into output: inout String) {
        switch value {
        case .object(let members):
            formatObject(members, identifier: identifier, columns: columns, into: &output)
        case .array(let elements):
            formatList(elements, identifier: identifier, into: &output)
        default:
            output += scalarText(value) + "\n"
        }
    }

    private static func formatObject(_ members: [(String, JSONOutput)], identifier: String?, columns: [String]?, into output: inout String) {
        var scalars: [String] = []
        var nested: [(String, JSONOutput)] = []
        if let columns {
            for column in columns {
                scalars.append(members.first { $0.0 == column }.map { scalarText($0.1) } ?? "")
            }
            let rest = members.filter { member in !columns.contains(member.0) }
            nested = sorted(rest)
        } else {
            for (key, value) in sorted(members) {
                if value.isContainer { nested.append((key, value)) } else { scalars.append(scalarText(value)) }
            }
        }
        if !scalars.isEmpty {
            if let identifier { scalars.insert(identifier.uppercased(), at: 0) }
            output += scalars.joined(separator: "\t") + "\n"
        }
        for (key, value) in nested {
            format(value, identifier: key, columns: nil, into: &output)
        }
    }

    private static func formatList(_ elements: [JSONOutput], identifier: String?, into output: inout String) {
        guard !elements.isEmpty else { return }
        if elements.contains(where: { if case .object = $0 { true } else { false } }) {
            var keys = Set<String>()
            for case .object(let members) in elements {
                for (key, value) in members where !value.isContainer { keys.insert(key) }
            }
            let columns = keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for element in elements {
                format(element, identifier: identifier, columns: columns, into: &output)
            }
        } else if elements.contains(where: { if case .array = $0 { true } else { false } }) {
            let scalars = elements.filter { !$0.isContainer }
            if !scalars.isEmpty { formatScalars(scalars, identifier: identifier, into: &output) }
            for element in elements where element.isContainer {
                format(element, identifier: identifier, columns: nil, into: &output)
            }
        } else {
            formatScalars(elements, identifier: identifier, into: &output)
        }
    }

    private static func formatScalars(_ elements: [JSONOutput], identifier: String?, into output: inout String) {
        if let identifier {
            for element in elements { output += identifier.uppercased() + "\t" + scalarText(element) + "\n" }
        } else {
            output += elements.map(scalarText).joined(separator: "\t") + "\n"
        }
    }

    private static func sorted(_ members: [(String, JSONOutput)]) -> [(String, JSONOutput)] {
        members.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) }
    }

    /// A scalar as Python's `str()` writes it.
    static func scalarText(_ value: JSONOutput) -> String {
        switch value {
        case .null: "None"
        case .string(let string): string
        case .integer(let integer): String(integer)
        case .bool(let bool): bool ? "True" : "False"
        case .array, .object: value.rendered()
        }
    }
}

extension JSONOutput {
    /// Whether this is a list or an object.
    var isContainer: Bool {
        switch self {
        case .array, .object: true
        case .null, .string, .integer, .bool: false
        }
    }
}
