/// An http(s) URL split into scheme, host, port and path by the one parser that every URL the
/// library sends to goes through: the KMS endpoint (``AWSEndpoint``), the STS, SSO portal and
/// SSO OIDC endpoints, the container credential URL and the instance-metadata endpoint.
///
/// One grammar, so that a URL means the same thing wherever it is configured:
/// - printable ASCII only: no spaces, control characters (a CR/LF would split a header) or
///   non-ASCII;
/// - scheme `http` or `https` (any case), or none when the caller allows a bare `host[:port]`
///   (then https);
/// - no user info (`user:pass@host`): a credential in a URL would end up in logs, and
///   `http://169.254.170.2@evil.example` would send a request where it seems not to go;
/// - host: letters, digits, `-`, `.`, `_`, at most 253 characters in labels of at most 63, or
///   an IPv6 address in brackets;
/// - port: 1…65535 when given (`:0` is refused, not read as "any port");
/// - path and query as given, starting at the first `/` or `?`; never a fragment, never `\`.
struct ServiceURL: Sendable, Hashable {
    /// `https` or `http`, lower-cased.
    let scheme: String
    /// The host name or IP address, lower-cased; IPv6 addresses keep their brackets (`[::1]`).
    let host: String
    /// The port when one was written, even the scheme's default.
    let port: Int?
    /// What follows the authority: `""`, `/`, `/path?query`, `?query`.
    let pathAndQuery: String

    /// Why a text is not such a URL: a short phrase for an error message.
    struct Refusal: Error, Sendable, Equatable {
        /// e.g. `port must be 1...65535`.
        let reason: String
    }

    /// Parses `text`; a text without `://` is a bare `host[:port]…` over https only when
    /// `allowsBareHost`.
    init(parsing text: String, allowsBareHost: Bool = false) throws(Refusal) {
        func refuse(_ reason: String) -> Refusal { Refusal(reason: reason) }
        guard !text.isEmpty else { throw refuse("is empty") }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw refuse("contains spaces, control or non-ASCII characters")
        }
        guard !text.contains("\\") else { throw refuse("contains a backslash") }
        guard !text.contains("#") else { throw refuse("has a fragment") }
        var rest = Substring(text)
        var scheme = "https"
        if let separator = rest.firstRange(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            guard scheme == "https" || scheme == "http" else { throw refuse("scheme must be http or https") }
            rest = rest[separator.upperBound...]
        } else if !allowsBareHost {
            throw refuse("must start with http:// or https://")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else { throw refuse("must not carry user info (user@host)") }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw refuse("has an unclosed IPv6 bracket") }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw refuse("has characters after the IPv6 address") }
                portText = after.dropFirst()
            }
            let inner = host.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw refuse("has an invalid IPv6 address")
            }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            if parts.count == 2 { portText = parts[1] }
            guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
                throw refuse("host has invalid characters")
            }
        }
        guard !host.isEmpty else { throw refuse("host is empty") }
        // DNS names are at most 253 characters in labels of at most 63: anything longer cannot
        // be resolved, and would only put an oversized Host header on the wire.
        guard host.utf8.count <= 253, host.split(separator: ".").allSatisfy({ $0.utf8.count <= 63 }) else {
            throw refuse("host is longer than a DNS name can be")
        }
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(portText), (1...65535).contains(value)
            else { throw refuse("port must be 1...65535") }
            port = value
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.pathAndQuery = String(rest[authorityEnd...])
    }

    /// Parses the root of a service: as ``init(parsing:allowsBareHost:)``, but with nothing
    /// after the authority except a single `/` (no path, no query).
    init(parsingRoot text: String, allowsBareHost: Bool = false) throws(Refusal) {
        try self.init(parsing: text, allowsBareHost: allowsBareHost)
        guard pathAndQuery.isEmpty || pathAndQuery == "/" else {
            throw Refusal(reason: "must be scheme://host[:port] without path, query, fragment or user info")
        }
    }

    /// Parses the base of an unsigned service (STS web identity, SSO, instance metadata), which
    /// a path prefix may route on a proxy or a test server: as ``init(parsing:allowsBareHost:)``,
    /// without a query. Signed services take only a root (``init(parsingRoot:allowsBareHost:)``):
    /// the signer signs the path `/`.
    init(parsingBase text: String) throws(Refusal) {
        try self.init(parsing: text)
        guard !pathAndQuery.contains("?") else { throw Refusal(reason: "must not have a query") }
    }

    /// `scheme://host[:port]`, without a trailing `/`.
    var root: String {
        port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// ``root`` and the path, without trailing `/`s: what request paths are appended to.
    var base: String {
        var path = Substring(pathAndQuery)
        while path.hasSuffix("/") { path = path.dropLast() }
        return root + path
    }

    /// The host without IPv6 brackets (`::1` for `[::1]`), for comparing with address lists.
    var bareHost: String {
        host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    }
}
