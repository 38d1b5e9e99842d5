/// `--output table`: the AWS CLI's boxes, for people. The same layout — a titled box per
/// object or list, key/value rows for an object's scalars (in key order), a header and one row
/// per element for a list of objects, nested boxes inside for nested members, every box as wide
/// as the widest — though not necessarily the same widths to the character.
package enum TableFormatter {
    package static func render(_ value: JSONOutput, title: String) -> String {
        var sections: [Section] = []
        collect(value, title: title, depth: 0, into: &sections)
        guard !sections.isEmpty else { return "" }
        let width = sections.map(\.requiredWidth).max() ?? 0
        var output = String(repeating: "-", count: width) + "\n"
        for section in sections { section.render(width: width, into: &output) }
        return output
    }

    /// One box: a title, then rows of cells (with a header row for lists of objects).
    private struct Section {
        var title: String
        var depth: Int
        var header: [String]?
        var rows: [[String]]

        var columnCount: Int { max(header?.count ?? 0, rows.map(\.count).max() ?? 0) }

        /// Natural width of each column: its widest text plus two spaces either side.
        var columnWidths: [Int] {
            (0..<columnCount).map { column in
                let texts = rows.compactMap { column < $0.count ? $0[column] : nil } + (header.map { [$0[column]] } ?? [])
                return (texts.map(\.count).max() ?? 0) + 4
            }
        }

        var requiredWidth: Int {
            let cells = columnWidths.reduce(0, +) + max(columnCount - 1, 0)
            return max(cells, title.count + 4) + 2 + 2 * depth
        }

        func render(width: Int, into output: inout String) {
            let side = String(repeating: "|", count: depth)
            let inner = width - 2 - 2 * depth
            var widths = columnWidths
            if !widths.isEmpty {
                widths[widths.count - 1] += inner - (widths.reduce(0, +) + widths.count - 1)
            }
            // The rule under the title already shows the columns below it, as the AWS CLI draws it.
            let rule = side + "+" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "+") + "+" + side + "\n"
            if !title.isEmpty {
                output += side + "|" + centered(title, inner) + "|" + side + "\n"
                output += rows.isEmpty ? side + "+" + String(repeating: "-", count: inner) + "+" + side + "\n" : rule
            }
            guard !rows.isEmpty else { return }
            if let header {
                output += side + "|" + zip(header, widths).map { centered($0, $1) }.joined(separator: "|") + "|" + side + "\n"
                output += rule
            }
            for row in rows {
                let cells = widths.indices.map { index in
                    let text = index < row.count ? row[index] : ""
                    return "  " + text + String(repeating: " ", count: widths[index] - 2 - text.count)
                }
                output += side + "|" + cells.joined(separator: "|") + "|" + side + "\n"
            }
            output += rule
        }

        private func centered(_ text: String, _ width: Int) -> String {
            let space = max(width - text.count, 0)
            return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
        }
    }

    private static func collect(_ value: JSONOutput, title: String, depth: Int, into sections: inout [Section]) {
        switch value {
        case .object(let members):
            let sorted = members.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) }
            let scalars = sorted.filter { !$0.1.isContainer }
            sections.append(Section(title: title, depth: depth, header: nil, rows: scalars.map { [$0.0, TextFormatter.scalarText($0.1)] }))
            for (key, nested) in sorted where nested.isContainer {
                collect(nested, title: key, depth: depth + 1, into: &sections)
            }
        case .array(let elements):
            let objects = elements.compactMap { element -> [(String, JSONOutput)]? in
                if case .object(let members) = element { members } else { nil }
            }
            if objects.count == 1, elements.count == 1 {
                // One object alone reads as an object: key/value rows, as the AWS CLI prints it.
                collect(elements[0], title: title, depth: depth, into: &sections)
                return
            }
            if objects.isEmpty {
                let scalars = elements.filter { !$0.isContainer }
                sections.append(Section(title: title, depth: depth, header: nil, rows: scalars.map { [TextFormatter.scalarText($0)] }))
                for element in elements where element.isContainer {
                    collect(element, title: "", depth: depth + 1, into: &sections)
                }
                return
            }
            var keys = Set<String>()
            for members in objects { for (key, value) in members where !value.isContainer { keys.insert(key) } }
            let columns = keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            let rows = objects.map { members in
                columns.map { column in members.first { $0.0 == column }.map { TextFormatter.scalarText($0.1) } ?? "" }
            }
            sections.append(Section(title: title, depth: depth, header: columns.isEmpty ? nil : columns, rows: columns.isEmpty ? [] : rows))
            for members in objects {
                for (key, nested) in members where nested.isContainer {
                    collect(nested, title: key, depth: depth + 1, into: &sections)
                }
            }
        default:
            sections.append(Section(title: title, depth: depth, header: nil, rows: [[TextFormatter.scalarText(value)]]))
        }
    }
}
