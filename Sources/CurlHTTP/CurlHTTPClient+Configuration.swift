extension CurlHTTPClient {
    /// Limits, trust and proxy settings of one client; the defaults suit an AWS API client.
    ///
    /// What is not configurable, on purpose: TLS certificate and host name verification are
    /// always on for `https` URLs; redirects are never followed (a 3xx is returned as it is);
    /// only `http` and `https` URLs are accepted.
    public struct Configuration: Sendable, Hashable {
        /// Longest time to establish a connection, TCP and TLS (`CURLOPT_CONNECTTIMEOUT_MS`).
        /// Values below one millisecond count as one millisecond.
        public var connectTimeout: Duration = .seconds(10)
        /// Longest time for one whole request, from queueing to the last body byte
        /// (`CURLOPT_TIMEOUT_MS`); past it the request fails with `.timeout`. Values below one
        /// millisecond count as one millisecond.
        public var timeout: Duration = .seconds(60)
        /// Largest response body accepted, in bytes; a larger one fails with `.responseTooLarge`,
        /// as soon as its `Content-Length` announces it or, without one, while it arrives, so
        /// memory stays bounded whatever the server sends.
        public var maximumResponseSize: Int = 4 * 1024 * 1024
        /// Most connections kept open (`CURLMOPT_MAXCONNECTS`) and most open to one host
        /// (`CURLMOPT_MAX_HOST_CONNECTIONS`); requests beyond it wait for a free connection.
        /// Also the number of idle curl handles kept for reuse.
        public var maximumConnections: Int = 64
        /// A PEM file of CA certificates to trust instead of the system's (`CURLOPT_CAINFO`),
        /// e.g. for a local server with its own certificate authority.
        public var caBundlePath: String? = nil
        /// Which proxy requests go through; by default the one the environment names.
        public var proxy: Proxy = .environment
        /// HTTP/1.1 (the default) or HTTP/2 where an https server offers it; see ``HTTPVersion``.
        public var httpVersion: HTTPVersion = .http1_1

        /// The defaults.
        public init() {}
    }

    /// Where requests go on their way to the server.
    public struct Proxy: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        enum Mode: Sendable, Hashable {
            case environment
            case disabled
            case url(String)
        }

        let mode: Mode

        /// The proxy that libcurl finds in the standard environment variables, which it reads
        /// itself for each request: `http_proxy` (lower case only) for `http` URLs,
        /// `https_proxy` or `HTTPS_PROXY` for `https` URLs, `all_proxy` or `ALL_PROXY` for
        /// both, and `no_proxy` or `NO_PROXY` for the hosts that bypass it. No variable, no
        /// proxy.
        public static let environment = Proxy(mode: .environment)
        /// No proxy, whatever the environment says.
        public static let disabled = Proxy(mode: .disabled)
        /// This proxy (`http://host:port`, `socks5h://host:port`, …), ignoring the
        /// environment's proxy variables except `no_proxy`.
        public static func url(_ url: String) -> Proxy { Proxy(mode: .url(url)) }

        /// `environment`, `disabled` or `url(…)`; never the URL, which may hold credentials.
        public var description: String {
            switch mode {
            case .environment: "environment"
            case .disabled: "disabled"
            // A proxy URL may carry credentials: never print it.
            case .url: "url(…)"
            }
        }

        /// Same as `description`: never the URL.
        public var debugDescription: String { description }

        /// No children: `dump` shows `description`, never a proxy URL's credentials.
        public var customMirror: Mirror { Mirror(self, children: [:], displayStyle: .enum) }
    }
}
