import KMS

/// The AWS CLI's `NextToken` / `--starting-token`: where a `--max-items` listing stopped, as
/// base64 of `{"Marker": "…", "boto_truncate_amount": n}` — the service's marker of the page,
/// and how many items of that page were already printed. The same shape as the AWS CLI's, so a
/// token from one resumes in the other.
package struct PageToken: Sendable, Equatable {
    /// The marker of the page to fetch; nil for the first page.
    package var marker: String?
    /// Items of that page already printed, to skip.
    package var skip: Int

    package init(marker: String?, skip: Int) {
        self.marker = marker
        self.skip = skip
    }

    /// Reads a `--starting-token`.
    package init(_ token: String) throws(CLIUsageError) {
        guard let bytes = Base64.decode(token),
              case .object(let members)? = try? JSONTree.parse(String(decoding: bytes, as: UTF8.self))
        else { throw CLIUsageError("Bad value for --starting-token: not a token printed as NextToken") }
        marker = nil
        skip = 0
        for (key, value) in members {
            switch (key, value) {
            case ("Marker", .string(let text)): marker = text
            case ("boto_truncate_amount", .number(let count)) where count >= 0 && count <= 1_000_000 && count == count.rounded():
                skip = Int(count)
            default: break
            }
        }
    }

    /// The token text.
    package var text: String {
        var members: [(String, JSONOutput)] = [("Marker", marker.map(JSONOutput.string) ?? .null)]
        if skip > 0 { members.append(("boto_truncate_amount", .integer(skip))) }
        let json = "{" + members.map { JSONOutput.quoted($0.0) + ": " + $0.1.rendered() }.joined(separator: ", ") + "}"
        return Base64.encodeToString(Array(json.utf8))
    }
}
