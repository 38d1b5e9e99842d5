/// Where requests go: scheme, host and port, parsed and checked once when the configuration is
/// built, so the call path only concatenates strings.
///
/// Accepts `https://host`, `http://127.0.0.1:4566`, `https://[::1]:8443`, or a bare
/// `host[:port]` (https). A single trailing `/` is allowed; paths, queries, fragments and
/// user info are not, and neither are other schemes, empty hosts, bad ports, spaces or control
/// characters. A port equal to the scheme's default is dropped, so the `Host` header and the
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
        func fail(_ why: String) -> AWSConfigError {
            AWSConfigError(kind: .invalidEndpoint, message: "endpoint \(why)")
        }
        guard !text.isEmpty else { throw fail("is empty") }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw fail("contains spaces, control or non-ASCII characters")
        }
        var rest = Substring(text)
        var scheme = "https"
        if let separator = rest.firstRange(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            guard scheme == "https" || scheme == "http" else {
                throw fail("scheme must be http or https")
            }
            rest = rest[separator.upperBound...]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains(where: { "/?#@\\".contains($0) }) {
            throw fail("must be scheme://host[:port] without path, query, fragment or user info")
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw fail("has an unclosed IPv6 bracket") }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("has characters after the IPv6 address") }
                portText = after.dropFirst()
            }
            let inner = host.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("has an invalid IPv6 address")
            }
        } else {
            let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            if parts.count == 2 { portText = parts[1] }
            guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
                throw fail("host has invalid characters")
            }
        }
        guard !host.isEmpty else { throw fail("host is empty") }
        // DNS names are at most 253 characters in labels of at most 63: anything longer cannot
        // be resolved, and would only put an oversized Host header on the wire.
        guard host.utf8.count <= 253, host.split(separator: ".").allSatisfy({ $0.utf8.count <= 63 }) else {
            throw fail("host is longer than a DNS name can be")
        }
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCII),
                  portText.allSatisfy(\.isNumber), let value = Int(portText), (1...65535).contains(value)
            else { throw fail("port must be 1...65535") }
            port = value
        }
        if port == (scheme == "https" ? 443 : 80) { port = nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
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
