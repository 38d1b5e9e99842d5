import KMS
import CurlHTTP

/// A transport that never touches the network: every request gets the same recorded
/// GenerateDataKey response. It lets the benchmark time the client's own work (validation,
/// encoding, credentials, signing, decoding, zeroing) and nothing else.
struct CannedTransport: HTTPTransport {
    /// The response served to every request.
    let response: HTTPResponse

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        response
    }
}
