/// Everything that can go wrong below HTTP status codes, as one typed error.
///
/// Compare with the static members (`error == .timeout`); two errors are equal when their
/// kinds are, whatever the curl code and message.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The kind's name, as in `timeout`.
        public var description: String { name }

        /// The request took longer than `Configuration.timeout` (or the connection longer than `connectTimeout`).
        public static let timeout = Kind(name: "timeout")
        /// Nothing accepted the connection (`CURLE_COULDNT_CONNECT`).
        public static let connectionRefused = Kind(name: "connectionRefused")
        /// The host (or proxy) name did not resolve.
        public static let hostNotFound = Kind(name: "hostNotFound")
        /// The TLS handshake failed or the certificate was not trusted.
        public static let tlsFailure = Kind(name: "tlsFailure")
        /// The response body was larger than `Configuration.maximumResponseSize`.
        public static let responseTooLarge = Kind(name: "responseTooLarge")
        /// The connection ended before the whole response arrived.
        public static let connectionClosed = Kind(name: "connectionClosed")
        /// The request was refused before anything was sent (header injection, bad URL or method).
        public static let invalidRequest = Kind(name: "invalidRequest")
        /// libcurl aborted the transfer from a callback. Task cancellation throws `CancellationError` instead.
        public static let cancelled = Kind(name: "cancelled")
        /// The client was shut down before or while the request ran.
        public static let shutDown = Kind(name: "shutDown")
        /// Any other libcurl failure; `curlCode` and `message` tell which.
        public static let transport = Kind(name: "transport")
    }

    /// The kind of failure.
    public var kind: Kind
    /// The libcurl result code (`CURLcode`), or 0 when the failure did not come from libcurl.
    public var curlCode: Int
    /// A short human-readable message: libcurl's error buffer or our own words. Never holds
    /// request headers or bodies.
    public var message: String

    /// Creates an error; `message` must not carry request headers, bodies or secrets.
    public init(kind: Kind, curlCode: Int = 0, message: String = "") {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
    }

    /// An error of kind `.timeout`, to compare with: `error == .timeout`.
    public static let timeout = HTTPClientError(kind: .timeout)
    /// An error of kind `.connectionRefused`, to compare with: `error == .connectionRefused`.
    public static let connectionRefused = HTTPClientError(kind: .connectionRefused)
    /// An error of kind `.hostNotFound`, to compare with: `error == .hostNotFound`.
    public static let hostNotFound = HTTPClientError(kind: .hostNotFound)
    /// An error of kind `.tlsFailure`, to compare with: `error == .tlsFailure`.
    public static let tlsFailure = HTTPClientError(kind: .tlsFailure)
    /// An error of kind `.responseTooLarge`, to compare with: `error == .responseTooLarge`.
    public static let responseTooLarge = HTTPClientError(kind: .responseTooLarge)
    /// An error of kind `.connectionClosed`, to compare with: `error == .connectionClosed`.
    public static let connectionClosed = HTTPClientError(kind: .connectionClosed)
    /// An error of kind `.invalidRequest`, to compare with: `error == .invalidRequest`.
    public static let invalidRequest = HTTPClientError(kind: .invalidRequest)
    /// An error of kind `.cancelled`, to compare with: `error == .cancelled`.
    public static let cancelled = HTTPClientError(kind: .cancelled)
    /// An error of kind `.shutDown`, to compare with: `error == .shutDown`.
    public static let shutDown = HTTPClientError(kind: .shutDown)
    /// An error of kind `.transport`, to compare with: `error == .transport`.
    public static let transport = HTTPClientError(kind: .transport)

    /// Errors are equal when their kinds are.
    public static func == (lhs: HTTPClientError, rhs: HTTPClientError) -> Bool { lhs.kind == rhs.kind }
    /// Hashes the kind only, matching `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// `HTTPClientError.kind (curl N): message`.
    public var description: String {
        var text = "HTTPClientError.\(kind)"
        if curlCode != 0 { text += " (curl \(curlCode))" }
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}
