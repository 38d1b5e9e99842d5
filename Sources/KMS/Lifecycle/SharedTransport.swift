import Locking
import CurlHTTP

/// The HTTP clients that ``KMSClient/init(config:)`` sends through: one per distinct set of HTTP
/// settings (timeouts, response limit, CA bundle, proxy) at a time. Every client with the same
/// settings shares its libcurl thread and its open connections, so while one client lives (the
/// one an app keeps, or runs in its `ServiceGroup`), each client made beside it costs no thread
/// and no new connection.
///
/// Never shut down: no ``KMSClient`` owns one, so none can stop it for the others. The clients
/// hold it; this table only finds it, and once the last client using it is gone, it is released
/// and its thread ends by itself (`CurlHTTPClient`'s deinit), so nothing outlives its users.
enum SharedTransport {
    /// A reference that does not keep the HTTP client alive.
    private struct Entry {
        weak var client: CurlHTTPClient?
    }

    private static let entries = LockedValue<[CurlHTTPClient.Configuration: Entry]>([:])

    /// The shared HTTP client for these settings, made now if no client uses one.
    static func client(for configuration: CurlHTTPClient.Configuration) -> CurlHTTPClient {
        entries.withLock { entries in
            if let client = entries[configuration]?.client { return client }
            // Settings no client uses any more leave no entry behind.
            entries = entries.filter { $0.value.client != nil }
            let client = CurlHTTPClient(configuration: configuration)
            entries[configuration] = Entry(client: client)
            return client
        }
    }
}
