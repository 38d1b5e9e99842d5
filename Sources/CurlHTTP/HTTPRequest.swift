/// An HTTP request as `CurlHTTPClient` sends it.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// Absolute `http://` or `https://` URL, with path and query already encoded.
    public var url: String
    /// Header fields in the order they are sent. `Host` and `Content-Length` are set by the client
    /// unless given here.
    public var headers: HTTPHeaders
    /// The body; empty for none.
    public var body: [UInt8]

    /// Creates a request; nothing is checked until `CurlHTTPClient.execute`.
    public init(method: String = "GET", url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
