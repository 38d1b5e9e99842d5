/// The headers header signing adds to a request, and nothing else: what
/// `SigV4Signer.signHeaders(_:credentials:date:)` returns on the hot path of every call, without
/// the intermediate strings of `SigV4HeaderSignature`.
///
/// Add them with `forEach(_:)` (no array is built), replacing any header of the same name:
///
/// ```swift
/// let signed = signer.signHeaders(request, credentials: credentials, date: Date())
/// signed.forEach { name, value in headers.replaceOrAdd(name: name, value: value) }
/// ```
///
/// `description`, `debugDescription` and `dump` show header names and the date only: the
/// `Authorization` value and the session token are secrets of this request.
public struct SigV4AuthorizationHeaders: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The `X-Amz-Date` value (`20150830T123600Z`).
    public var amzDate: String
    /// The `X-Amz-Security-Token` value: the session token of temporary credentials, else nil.
    public var securityToken: String? {
        get { hasSecurityToken ? storedSecurityToken : nil }
        set {
            hasSecurityToken = newValue != nil
            storedSecurityToken = newValue ?? ""
        }
    }
    /// The `x-amz-content-sha256` value, when the signer's options add it.
    public var contentSHA256: String? {
        get { hasContentSHA256 ? storedContentSHA256 : nil }
        set {
            hasContentSHA256 = newValue != nil
            storedContentSHA256 = newValue ?? ""
        }
    }
    // Stored without optionals: returning a struct of optional strings made the optimizer copy
    // it once more (a retain and a release per string).
    private var storedSecurityToken: String
    private var hasSecurityToken: Bool
    private var storedContentSHA256: String
    private var hasContentSHA256: Bool
    /// The `Authorization` value.
    public var authorization: String

    /// Creates the headers from their values (the signer, and test doubles).
    public init(amzDate: String, securityToken: String?, contentSHA256: String?, authorization: String) {
        self.amzDate = amzDate
        self.storedSecurityToken = securityToken ?? ""
        self.hasSecurityToken = securityToken != nil
        self.storedContentSHA256 = contentSHA256 ?? ""
        self.hasContentSHA256 = contentSHA256 != nil
        self.authorization = authorization
    }

    /// Calls `body` with each header name and value, in the order of `headers`.
    @inlinable
    public func forEach(_ body: (_ name: String, _ value: String) throws -> Void) rethrows {
        try body("X-Amz-Date", amzDate)
        if let securityToken { try body("X-Amz-Security-Token", securityToken) }
        if let contentSHA256 { try body("x-amz-content-sha256", contentSHA256) }
        try body("Authorization", authorization)
    }

    /// The headers as name-value pairs, in the order `SigV4Signer.sign` returns them.
    public var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(4)
        forEach { headers.append(($0, $1)) }
        return headers
    }

    /// Header names, and values of those that are not secret.
    public var description: String {
        var shown = ["X-Amz-Date: \(amzDate)"]
        if securityToken != nil { shown.append("X-Amz-Security-Token: <redacted>") }
        if let contentSHA256 { shown.append("x-amz-content-sha256: \(contentSHA256)") }
        shown.append("Authorization: <redacted>")
        return "SigV4AuthorizationHeaders(headers: [\(shown.joined(separator: ", "))])"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without secrets, so `dump` does not print them either.
    public var customMirror: Mirror {
        Mirror(self, children: ["headers": description], displayStyle: .struct)
    }
}
