/// The parts of an HTTP request that SigV4 signs.
///
/// The signer never sees a URL object: the caller gives the path and query exactly as they
/// will be sent, and the `Host` header (with the port when it is not the default one).
public struct SigV4Request: Sendable {
    /// HTTP method, as sent (`GET`, `POST`).
    public var method: String
    /// The request path as it goes on the wire, before any query (`/`, `/a%20b/`, raw UTF-8 allowed).
    public var path: String
    /// The raw query string without the leading `?`; empty for none. Percent-encoded parts stay as given.
    public var query: String
    /// Headers in the order they are sent. Repeated names are allowed and signed in order.
    public var headers: [(name: String, value: String)]
    /// What the signer uses as the payload hash.
    public var payload: SigV4Payload

    /// Creates a request to sign.
    public init(
        method: String,
        path: String,
        query: String = "",
        headers: [(name: String, value: String)],
        payload: SigV4Payload
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }
}
