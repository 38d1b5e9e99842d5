/// The result of query signing: the query string of a presigned URL, and the intermediate
/// strings (for debugging signature mismatches and for tests).
///
/// `description`, `debugDescription` and `dump` show nothing of the query: it carries the
/// signature and the session token, which let anyone send the request until it expires.
public struct SigV4QuerySignature: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The canonical request that was hashed (holds the session token when it is signed).
    public var canonicalRequest: String
    /// The string that was signed.
    public var stringToSign: String
    /// The signature, 64 lowercase hex digits.
    public var signature: String
    /// The query string to send (the request's own parameters first, then the `X-Amz-*` ones), without `?`.
    public var query: String

    /// Creates a signature result from its parts (test doubles).
    public init(canonicalRequest: String, stringToSign: String, signature: String, query: String) {
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.query = query
    }

    /// Says that the query is redacted.
    public var description: String { "SigV4QuerySignature(query: <redacted>)" }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without secrets, so `dump` does not print them either.
    public var customMirror: Mirror {
        Mirror(self, children: ["query": "<redacted>"], displayStyle: .struct)
    }
}
