import Logging

/// Every alias, page by page: an `AsyncSequence` that calls `ListAliases` only when the
/// aliases already fetched run out, as ``KMSKeySequence`` does for keys.
///
/// Stops with ``KMSError/Code/invalidResponse`` if the service says there is more but gives no
/// new marker, so a misbehaving server cannot make it loop forever.
public struct KMSAliasSequence: AsyncSequence, Sendable {
    /// Each element is one alias.
    public typealias Element = KMSAlias

    let client: KMSClient
    let keyId: String?
    let pageSize: Int?
    let logger: Logger?

    /// Starts at the first page.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, keyId: keyId, pageSize: pageSize, logger: logger)
    }

    /// Walks the pages; not shared between tasks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: KMSClient
        let keyId: String?
        let pageSize: Int?
        let logger: Logger?
        private var walker = PageWalker<KMSAlias>()

        init(client: KMSClient, keyId: String?, pageSize: Int?, logger: Logger?) {
            self.client = client
            self.keyId = keyId
            self.pageSize = pageSize
            self.logger = logger
        }

        /// The next alias, fetching the next page when needed; nil after the last one.
        public mutating func next() async throws -> KMSAlias? {
            try await walker.next(operation: "ListAliases") { [client, pageSize, logger, keyId] marker in
                let page = try await client.listAliases(keyId: keyId, limit: pageSize, marker: marker, logger: logger)
                return .init(elements: page.aliases, truncated: page.truncated, nextMarker: page.nextMarker)
            }
        }
    }
}
