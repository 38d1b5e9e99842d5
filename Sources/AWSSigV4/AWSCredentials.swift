/// The secret half of an AWS identity: an access key id, its secret, and for temporary
/// credentials a session token.
///
/// `description` never shows the secret or the token, so credentials can be logged or put in
/// an error without leaking them.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The access key id (`AKIA…` or, for temporary credentials, `ASIA…`). Not a secret.
    public var accessKeyId: String
    /// The secret access key. Never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials. Never printed.
    public var sessionToken: String?

    /// Creates credentials from their parts.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String {
        "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }

    public var debugDescription: String { description }
}
