extension CurlHTTPClient {
    /// The HTTP version a client asks for over TLS (`http` URLs always use HTTP/1.1).
    public enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
        /// HTTP/1.1 on every connection, also where the server offers HTTP/2: the default.
        /// AWS's JSON endpoints, KMS among them, answer it, and it costs less per request: on
        /// loopback, 64 concurrent KMS calls over HTTP/1.1 connections ran at 1.2 to 1.4 times
        /// the rate of the same calls multiplexed on one HTTP/2 connection, at about 0.8 times
        /// the CPU per call (docs/PERFORMANCE.md, "HTTP/1.1 or h2").
        case http1_1
        /// HTTP/2 where the server offers it in the TLS handshake (ALPN), with concurrent
        /// requests multiplexed on one connection; HTTP/1.1 with servers that do not. Fewer
        /// connections (one socket and one TLS session instead of up to
        /// ``Configuration/maximumConnections``), at more CPU per request.
        case http2

        /// `HTTP/1.1` or `HTTP/2`.
        public var description: String {
            switch self {
            case .http1_1: "HTTP/1.1"
            case .http2: "HTTP/2"
            }
        }
    }
}
