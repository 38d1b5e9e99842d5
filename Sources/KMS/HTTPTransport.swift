import CurlHTTP

/// What the KMS client sends its requests through.
///
/// Production uses `CurlHTTPClient`; tests replay recorded fixtures through their own
/// conformance without touching the network.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns the whole response, or throws (`HTTPClientError`,
    /// `CancellationError`).
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension CurlHTTPClient: HTTPTransport {}
