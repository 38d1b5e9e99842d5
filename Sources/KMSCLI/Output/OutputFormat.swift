/// `--output`: how a result is printed, the AWS CLI's three formats.
package enum OutputFormat: String, Sendable, CaseIterable {
    /// Indented JSON, members in the wire's order.
    case json
    /// Tab-separated lines, for `cut` and `read` (see ``TextFormatter``).
    case text
    /// Boxes for people (see ``TableFormatter``).
    case table

    /// The result as it goes to stdout, ending with a newline. A query that selected nothing
    /// prints `null`, `None` or nothing, as the AWS CLI does in each format.
    package func render(_ value: JSONOutput, title: String) -> String {
        switch self {
        case .json:
            return value.rendered() + "\n"
        case .text:
            return TextFormatter.render(value)
        case .table:
            if value == .null { return "" }
            return TableFormatter.render(value, title: title)
        }
    }
}
