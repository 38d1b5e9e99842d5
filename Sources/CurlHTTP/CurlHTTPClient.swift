// CONTRACT STUB — the CurlHTTP work replaces this file; the public signatures are what KMS uses.

/// An async HTTP client over one libcurl multi handle driven by one dedicated thread.
public final class CurlHTTPClient: Sendable {
    /// Limits and TLS settings; the defaults suit an AWS API client.
    public struct Configuration: Sendable {
        /// Longest time to establish a connection (TCP and TLS), in seconds.
        public var connectTimeout: Double = 10
        /// Longest time for one whole request, in seconds.
        public var timeout: Double = 60
        /// Largest response body accepted; larger fails with `.responseTooLarge`.
        public var maximumResponseSize: Int = 4 * 1024 * 1024
        /// Most connections kept open (`CURLMOPT_MAXCONNECTS`) and most per host.
        public var maximumConnections: Int = 64
        /// A PEM file of CA certificates to trust instead of the system's.
        public var caBundlePath: String? = nil
        public init() {}
    }

    public let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Sends a request and returns the whole response. Throws `HTTPClientError`, or
    /// `CancellationError` when the task is cancelled.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        fatalError("not implemented yet")
    }

    /// Finishes in-flight requests (failing them with `.shutDown`) and stops the thread.
    public func shutdown() async {}
}
