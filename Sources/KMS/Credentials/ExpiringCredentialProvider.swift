import AWSSigV4
/// A credential provider that also tells when its credentials expire.
///
/// Why: every source in the default chain conforms, so `CachingCredentialProvider` can wrap
/// any of them (or the chain itself) and refresh at the right moment. A provider fetches anew
/// on every call; caching is the wrapper's job.
public protocol ExpiringCredentialProvider: AWSCredentialProvider {
    /// Fetches credentials and their expiration, or throws `CredentialProviderError`
    /// (`.notConfigured` when this source has nothing to offer).
    func expiringCredentials() async throws -> ExpiringCredentials
}

extension ExpiringCredentialProvider {
    /// The credentials of `expiringCredentials()`, without their expiration.
    public func credentials() async throws -> AWSCredentials {
        try await expiringCredentials().credentials
    }
}

extension StaticCredentialProvider: ExpiringCredentialProvider {
    /// The fixed credentials, which never expire.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        ExpiringCredentials(value)
    }
}
