import AWSSigV4

/// Credentials given explicitly, returned as they are.
public struct StaticCredentialProvider: AWSCredentialProvider, CustomStringConvertible {
    /// The credentials this provider returns.
    public let value: AWSCredentials

    /// Wraps fixed credentials.
    public init(_ credentials: AWSCredentials) {
        self.value = credentials
    }

    /// The fixed credentials.
    public func credentials() async throws -> AWSCredentials { value }

    /// A readable summary without secrets.
    public var description: String { "StaticCredentialProvider(\(value))" }
}
