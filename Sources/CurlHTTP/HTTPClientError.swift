/// Everything that can go wrong below HTTP status codes, as one typed error.
///
/// Compare with the static members (`error == .timeout`); two errors are equal when their
/// codes are, whatever the curl code and message.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name, as in `timeout`.
        public var description: String { name }

        /// The request took longer than `Configuration.timeout` (or the connection longer than `connectTimeout`).
        public static let timeout = Code(name: "timeout")
        /// Nothing accepted the connection (`CURLE_COULDNT_CONNECT`).
        public static let connectionRefused = Code(name: "connectionRefused")
        /// The host (or proxy) name did not resolve.
        public static let hostNotFound = Code(name: "hostNotFound")
        /// The TLS handshake failed or the certificate was not trusted.
        public static let tlsFailure = Code(name: "tlsFailure")
        /// The response body was larger than `Configuration.maximumResponseSize`.
        public static let responseTooLarge = Code(name: "responseTooLarge")
        /// The connection ended before the whole response arrived.
        public static let connectionClosed = Code(name: "connectionClosed")
        /// The request was refused before anything was sent (header injection, bad URL or method).
        public static let invalidRequest = Code(name: "invalidRequest")
        /// libcurl aborted the transfer from a callback. Task cancellation throws `CancellationError` instead.
        public static let cancelled = Code(name: "cancelled")
        /// The client was shut down before or while the request ran.
        public static let shutDown = Code(name: "shutDown")
        /// Any other libcurl failure; `curlCode` and `message` tell which.
        public static let transport = Code(name: "transport")
    }

    /// What kind of failure this is.
    public internal(set) var code: Code
    /// The libcurl result code (`CURLcode`), or 0 when the failure did not come from libcurl.
    public internal(set) var curlCode: Int
    /// A short human-readable message: libcurl's error buffer or our own words. Never holds
    /// request headers or bodies.
    public internal(set) var message: String

    /// Creates an error; `message` must not carry request headers, bodies or secrets.
    public init(code: Code, curlCode: Int = 0, message: String = "") {
        self.code = code
        self.curlCode = curlCode
        self.message = message
    }

    /// An error with code `.timeout`, to compare with: `error == .timeout`.
    public static let timeout = HTTPClientError(code: .timeout)
    /// An error with code `.connectionRefused`, to compare with: `error == .connectionRefused`.
    public static let connectionRefused = HTTPClientError(code: .connectionRefused)
    /// An error with code `.hostNotFound`, to compare with: `error == .hostNotFound`.
    public static let hostNotFound = HTTPClientError(code: .hostNotFound)
    /// An error with code `.tlsFailure`, to compare with: `error == .tlsFailure`.
    public static let tlsFailure = HTTPClientError(code: .tlsFailure)
    /// An error with code `.responseTooLarge`, to compare with: `error == .responseTooLarge`.
    public static let responseTooLarge = HTTPClientError(code: .responseTooLarge)
    /// An error with code `.connectionClosed`, to compare with: `error == .connectionClosed`.
    public static let connectionClosed = HTTPClientError(code: .connectionClosed)
    /// An error with code `.invalidRequest`, to compare with: `error == .invalidRequest`.
    public static let invalidRequest = HTTPClientError(code: .invalidRequest)
    /// An error with code `.cancelled`, to compare with: `error == .cancelled`.
    public static let cancelled = HTTPClientError(code: .cancelled)
    /// An error with code `.shutDown`, to compare with: `error == .shutDown`.
    public static let shutDown = HTTPClientError(code: .shutDown)
    /// An error with code `.transport`, to compare with: `error == .transport`.
    public static let transport = HTTPClientError(code: .transport)

    /// Errors are equal when their codes are.
    public static func == (lhs: HTTPClientError, rhs: HTTPClientError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, matching `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `HTTPClientError.code (curl N): message`.
    public var description: String {
        var text = "HTTPClientError.\(code)"
        if curlCode != 0 { text += " (curl \(curlCode))" }
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}
