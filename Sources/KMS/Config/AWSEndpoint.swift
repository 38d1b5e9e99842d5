/// Where requests go: scheme, host and port, parsed and checked once when the configuration is
/// built, so the call path only concatenates strings.
///
/// Accepts `https://host`, `http://127.0.0.1:4566`, `https://[::1]:8443`, or a bare
/// `host[:port]` (https), read by the same parser as every other URL the library sends to. A
/// single trailing `/` is allowed; paths, queries, fragments and user info are not, and
/// neither are other schemes, empty hosts, bad ports, spaces or control characters. A port equal to the scheme's default is dropped, so the `Host` header and the
/// signed host always agree.
public struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public let scheme: String
    /// The host name or IP address; IPv6 addresses keep their brackets (`[::1]`).
    public let host: String
    /// The port, nil for the scheme's default (443 for https, 80 for http).
    public let port: Int?

    /// Parses an endpoint URL or `host[:port]`.
    public init(parsing text: String) throws(AWSConfigError) {
        let parsed: ServiceURL
        do {
            parsed = try ServiceURL(parsingRoot: text, allowsBareHost: true)
        } catch {
            throw AWSConfigError(code: .invalidEndpoint, message: "endpoint \(error.reason)")
        }
        self.scheme = parsed.scheme
        self.host = parsed.host
        self.port = parsed.port == (parsed.scheme == "https" ? 443 : 80) ? nil : parsed.port
    }

    /// The `Host` header value: the host, with `:port` when it is not the default.
    public var hostHeader: String {
        port.map { "\(host):\($0)" } ?? host
    }

    /// The URL of the service root, e.g. `https://kms.eu-west-1.amazonaws.com/`.
    public var url: String { "\(scheme)://\(hostHeader)/" }

    /// True for `https`.
    public var isSecure: Bool { scheme == "https" }

    /// The URL, e.g. `http://127.0.0.1:4566/`.
    public var description: String { url }
}
