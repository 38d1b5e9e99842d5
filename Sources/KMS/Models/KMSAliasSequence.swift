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
        private var buffer: [KMSAlias] = []
        private var position = 0
        private var marker: String?
        private var finished = false

        init(client: KMSClient, keyId: String?, pageSize: Int?, logger: Logger?) {
            self.client = client
            self.keyId = keyId
            self.pageSize = pageSize
            self.logger = logger
        }

        /// The next alias, fetching the next page when needed; nil after the last one.
        public mutating func next() async throws -> KMSAlias? {
            while position == buffer.count {
                if finished { return nil }
                let page = try await client.listAliases(keyId: keyId, limit: pageSize, marker: marker, logger: logger)
                buffer = page.aliases
                position = 0
                if page.truncated {
                    guard let next = page.nextMarker, next != marker else {
                        finished = true
                        throw KMSError(
                            code: .invalidResponse,
                            message: "ListAliases said Truncated without a new NextMarker",
                            operation: "ListAliases")
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
}
