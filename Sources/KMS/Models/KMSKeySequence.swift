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
        private var buffer: [KMSKey] = []
        private var position = 0
        private var marker: String?
        private var finished = false

        init(client: KMSClient, pageSize: Int?, logger: Logger?) {
            self.client = client
            self.pageSize = pageSize
            self.logger = logger
        }

        /// The next key, fetching the next page when needed; nil after the last one.
        public mutating func next() async throws -> KMSKey? {
            while position == buffer.count {
                if finished { return nil }
                let page = try await client.listKeys(limit: pageSize, marker: marker, logger: logger)
                buffer = page.keys
                position = 0
                if page.truncated {
                    guard let next = page.nextMarker, next != marker else {
                        finished = true
                        throw KMSError(
                            code: .invalidResponse,
                            message: "ListKeys said Truncated without a new NextMarker",
                            operation: "ListKeys")
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
