import KMS
import CurlHTTP

/// A transport that never touches the network: every request gets the same recorded
/// GenerateDataKey response. It lets a benchmark time the client's own work (validation,
/// encoding, credentials, signing, decoding, zeroing) and nothing else.
public struct CannedTransport: HTTPTransport {
    /// The response served to every request.
    public let response: HTTPResponse

    /// A transport answering every request with `response`.
    public init(response: HTTPResponse) {
        self.response = response
    }

    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        response
    }
}
