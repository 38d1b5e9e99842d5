import Logging

/// Every KMS key, page by page: an `AsyncSequence` that calls `ListKeys` only when the keys
/// already fetched run out.
///
/// Stops with ``KMSError/Code/invalidResponse`` if the service says there is more but gives no
/// new marker, so a misbehaving server cannot make it loop forever.
public struct KMSKeySequence: AsyncSequence, Sendable {
    /// Each element is one key.
    public typealias Element = KMSKey

    let client: KMSClient
    let pageSize: Int?
    let logger: Logger?

    /// Starts at the first page.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, pageSize: pageSize, logger: logger)
    }

    /// Walks the pages; not shared between tasks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: KMSClient
        let pageSize: Int?
        let logger: Logger?
        private var walker = PageWalker<KMSKey>()

        init(client: KMSClient, pageSize: Int?, logger: Logger?) {
            self.client = client
            self.pageSize = pageSize
            self.logger = logger
        }

        /// The next key, fetching the next page when needed; nil after the last one.
        public mutating func next() async throws -> KMSKey? {
            try await walker.next(operation: "ListKeys") { [client, pageSize, logger] marker in
                let page = try await client.listKeys(limit: pageSize, marker: marker, logger: logger)
                return .init(elements: page.keys, truncated: page.truncated, nextMarker: page.nextMarker)
            }
        }
    }
}
