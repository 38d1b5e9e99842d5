/// The result of header signing: the headers to add to the request, and the intermediate
/// strings (for debugging signature mismatches and for tests).
///
/// `description`, `debugDescription` and `dump` show header names and the date only: the
/// `Authorization` value, the session token and the signature are secrets of this request.
public struct SigV4HeaderSignature: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The canonical request that was hashed (holds the session token when it is signed).
    public var canonicalRequest: String
    /// The string that was signed.
    public var stringToSign: String
    /// The signature, 64 lowercase hex digits.
    public var signature: String
    /// Headers to add to the request, in this order.
    public var headers: [(name: String, value: String)]

    /// Creates a signature result from its parts (test doubles).
    public init(
        canonicalRequest: String, stringToSign: String, signature: String,
        headers: [(name: String, value: String)]
    ) {
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.headers = headers
    }

    /// The `Authorization` header value, if `headers` has one.
    public var authorization: String? {
        headers.first { $0.name.lowercased() == "authorization" }?.value
    }

    /// Header names, and values of those that are not secret.
    public var description: String {
        let shown = headers.map { header in
            switch header.name.lowercased() {
            case "x-amz-date", "x-amz-content-sha256": "\(header.name): \(header.value)"
            default: "\(header.name): <redacted>"
            }
        }
        return "SigV4HeaderSignature(headers: [\(shown.joined(separator: ", "))])"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without secrets, so `dump` does not print them either.
    public var customMirror: Mirror {
        Mirror(self, children: ["headers": description], displayStyle: .struct)
    }
}
