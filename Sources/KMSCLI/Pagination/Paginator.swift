/// The AWS CLI's pagination of list commands: every page fetched and merged, unless
/// `--max-items` stops early (then a ``PageToken`` says where), `--starting-token` resumes, and
/// `--page-size` sets how many items each request asks for.
package struct Paginator<Item: Sendable>: Sendable {
    /// One page as the service returns it.
    package struct Page: Sendable {
        package var items: [Item]
        package var nextMarker: String?
        package var truncated: Bool

        package init(items: [Item], nextMarker: String?, truncated: Bool) {
            self.items = items
            self.nextMarker = nextMarker
            self.truncated = truncated
        }
    }

    /// The service said there is more but gave no new marker: stop rather than loop.
    package struct StuckError: Error, CustomStringConvertible {
        package var description: String { "the service said there are more items but gave no new marker" }
    }

    package var maxItems: Int?
    package var pageSize: Int?
    package var start: PageToken?

    package init(maxItems: Int?, pageSize: Int?, start: PageToken?) {
        self.maxItems = maxItems
        self.pageSize = pageSize
        self.start = start
    }

    /// The items, and the token to resume from when `--max-items` stopped before the end.
    package func collect(
        _ fetch: (_ limit: Int?, _ marker: String?) async throws -> Page
    ) async throws -> (items: [Item], nextToken: PageToken?) {
        var items: [Item] = []
        var marker = start?.marker
        var skip = start?.skip ?? 0
        while true {
            let page = try await fetch(pageSize, marker)
            let available = Array(page.items.dropFirst(skip))
            if let maxItems, items.count + available.count >= maxItems {
                let needed = maxItems - items.count
                items += available.prefix(needed)
                if available.count > needed {
                    return (items, PageToken(marker: marker, skip: skip + needed))
                }
                return (items, page.truncated ? page.nextMarker.map { PageToken(marker: $0, skip: 0) } : nil)
            }
            items += available
            guard page.truncated else { return (items, nil) }
            guard let next = page.nextMarker, next != marker else { throw StuckError() }
            marker = next
            skip = 0
        }
    }
}
