import Synchronization
import CurlHTTP

/// The HTTP clients that ``KMSClient/init(config:)`` sends through: one per distinct set of HTTP
/// settings (timeouts, response limit, CA bundle, proxy), made on first use and kept for the
/// life of the process, as AsyncHTTPClient's `HTTPClient.shared` is. Every client with the same
/// settings shares its libcurl thread and its open connections, so a client per request costs
/// no thread and no new connection.
///
/// Never shut down: no ``KMSClient`` owns one, so none can stop it for the others. An idle one
/// costs a thread parked in `curl_multi_poll` and its idle connections.
enum SharedTransport {
    private static let clients = Mutex<[CurlHTTPClient.Configuration: CurlHTTPClient]>([:])

    /// The shared HTTP client for these settings, made now if it is the first.
    static func client(for configuration: CurlHTTPClient.Configuration) -> CurlHTTPClient {
        clients.withLock { clients in
            if let client = clients[configuration] { return client }
            let client = CurlHTTPClient(configuration: configuration)
            clients[configuration] = client
            return client
        }
    }

    /// How many shared HTTP clients (so threads) the process has; for tests.
    static var count: Int { clients.withLock { $0.count } }
}
