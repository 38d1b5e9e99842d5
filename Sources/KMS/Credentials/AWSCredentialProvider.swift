import AWSSigV4

/// A source of AWS credentials: static values, the environment, shared files, STS, or
/// instance metadata.
///
/// The client asks for credentials before signing each request; providers of temporary
/// credentials cache them and refresh before they expire.
public protocol AWSCredentialProvider: Sendable {
    /// Returns credentials valid for signing now, or throws when this source has none.
    func credentials() async throws -> AWSCredentials
}
