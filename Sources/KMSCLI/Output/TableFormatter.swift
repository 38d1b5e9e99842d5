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

        /// The longest text of each column (its header included).
        var longest: [Int] {
            (0..<columnCount).map { column in
                let texts = rows.compactMap { column < $0.count ? $0[column] : nil } + (header.map { [$0[column]] } ?? [])
                return texts.map(\.count).max() ?? 0
            }
        }

        /// The width the whole table needs for this box: its texts with four spaces each, its
        /// borders and those of the boxes around it.
        var requiredWidth: Int {
            max(longest.reduce(0) { $0 + $1 + 4 }, title.count) + 2 + 2 * depth
        }

        /// The columns' widths within `inner`: their texts plus two spaces (four for boxes with
        /// a header) shared out in proportion, the rest to the last column.
        func columnWidths(inner: Int) -> [Int] {
            let natural = longest.map { $0 + (header == nil ? 2 : 4) }
            let available = inner - max(natural.count - 1, 0)
            let total = natural.reduce(0, +)
            guard total > 0 else { return natural }
            var widths = natural.map { width in
                // Observed: boxes with a header floor each share, the others round it.
                header == nil
                    ? Int((Double(width) * Double(available) / Double(total)).rounded(.toNearestOrEven))
                    : width * available / total
            }
            widths[widths.count - 1] += available - widths.reduce(0, +)
            return widths
        }

        func render(width: Int, into output: inout String) {
            let side = String(repeating: "|", count: depth)
            let inner = width - 2 - 2 * depth
            let widths = columnWidths(inner: inner)
            // The rule under the title already shows the columns below it, as the AWS CLI draws it.
            let rule = side + "+" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "+") + "+" + side + "\n"
            if !title.isEmpty {
                output += side + "|" + centered(title, inner, title: true) + "|" + side + "\n"
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
                    return "  " + text + String(repeating: " ", count: max(widths[index] - 2 - text.count, 0))
                }
                output += side + "|" + cells.joined(separator: "|") + "|" + side + "\n"
            }
            output += rule
        }

        /// `text` centred in `width`; an odd space left over goes where the AWS CLI was seen to
        /// put it: after a column header; for titles, the mirror image of Python's `str.center`.
        private func centered(_ text: String, _ width: Int, title: Bool = false) -> String {
            let space = max(width - text.count, 0)
            let before = title ? space - (space / 2 + (space & width & 1)) : space / 2
            return String(repeating: " ", count: before) + text + String(repeating: " ", count: space - before)
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
            let lists = elements.compactMap { element -> [JSONOutput]? in
                if case .array(let values) = element, !values.contains(where: \.isContainer) { values } else { nil }
            }
            if !elements.isEmpty, lists.count == elements.count {
                // A list of lists of scalars (`--query 'Keys[*].[KeyId, KeyArn]'`): one row each.
                sections.append(Section(title: title, depth: depth, header: nil, rows: lists.map { $0.map(TextFormatter.scalarText) }))
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
