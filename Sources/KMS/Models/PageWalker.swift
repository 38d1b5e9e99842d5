/// The page-walking state of ``KMSKeySequence`` and ``KMSAliasSequence``: the page fetched so
/// far, where the reader is in it, and the marker of the next page. One place for the rule that
/// a "truncated" page without a new marker ends the walk with an error, so a misbehaving server
/// cannot make a listing loop forever.
struct PageWalker<Element: Sendable> {
    /// One page as the service answered it.
    struct Page {
        var elements: [Element]
        var truncated: Bool
        var nextMarker: String?
    }

    private var buffer: [Element] = []
    private var position = 0
    private var marker: String?
    private var finished = false

    /// The next element, calling `fetch` with the marker (nil for the first page) when the
    /// current page is used up; nil after the last one.
    mutating func next(operation: String, fetch: (String?) async throws -> Page) async throws -> Element? {
        while position == buffer.count {
            if finished { return nil }
            let page = try await fetch(marker)
            buffer = page.elements
            position = 0
            if page.truncated {
                guard let next = page.nextMarker, next != marker else {
                    finished = true
                    throw KMSError(
                        code: .invalidResponse, message: "\(operation) said Truncated without a new NextMarker",
                        operation: operation)
                }
                marker = next
            } else {
                finished = true
            }
        }
        defer { position += 1 }
        return buffer[position]
    }
}
