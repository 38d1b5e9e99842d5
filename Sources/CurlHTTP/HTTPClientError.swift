/// Everything that can go wrong below HTTP status codes, as one typed error.
///
/// Compare with the static members (`error == .timeout`); two errors are equal when their
/// kinds are, whatever the curl code and message.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        public static let timeout = Kind(name: "timeout")
        public static let connectionRefused = Kind(name: "connectionRefused")
        public static let hostNotFound = Kind(name: "hostNotFound")
        public static let tlsFailure = Kind(name: "tlsFailure")
        public static let responseTooLarge = Kind(name: "responseTooLarge")
        public static let connectionClosed = Kind(name: "connectionClosed")
        public static let invalidRequest = Kind(name: "invalidRequest")
        public static let cancelled = Kind(name: "cancelled")
        public static let shutDown = Kind(name: "shutDown")
        public static let transport = Kind(name: "transport")
    }

    /// The kind of failure.
    public var kind: Kind
    /// The libcurl result code (`CURLcode`), or 0 when the failure did not come from libcurl.
    public var curlCode: Int
    /// A short human-readable message: libcurl's error buffer or our own words. Never holds
    /// request headers or bodies.
    public var message: String

    public init(kind: Kind, curlCode: Int = 0, message: String = "") {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
    }

    public static let timeout = HTTPClientError(kind: .timeout)
    public static let connectionRefused = HTTPClientError(kind: .connectionRefused)
    public static let hostNotFound = HTTPClientError(kind: .hostNotFound)
    public static let tlsFailure = HTTPClientError(kind: .tlsFailure)
    public static let responseTooLarge = HTTPClientError(kind: .responseTooLarge)
    public static let connectionClosed = HTTPClientError(kind: .connectionClosed)
    public static let invalidRequest = HTTPClientError(kind: .invalidRequest)
    public static let cancelled = HTTPClientError(kind: .cancelled)
    public static let shutDown = HTTPClientError(kind: .shutDown)
    public static let transport = HTTPClientError(kind: .transport)

    public static func == (lhs: HTTPClientError, rhs: HTTPClientError) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    public var description: String {
        var text = "HTTPClientError.\(kind)"
        if curlCode != 0 { text += " (curl \(curlCode))" }
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}
