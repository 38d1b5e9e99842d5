/// Tries providers in order and returns the first credentials one of them gives.
///
/// Every failure moves on to the next provider (a metadata server that is down must not
/// stop the chain); cancellation stops it at once, and so do `.profileCycle`, `.mfaRequired`
/// and `.ssoLoginRequired`, which only the user can fix. When all fail, the error lists each source
/// and why, never a secret.
public struct CredentialProviderChain: ExpiringCredentialProvider {
    /// A provider and the name it is reported under.
    public struct Link: Sendable {
        /// The name in errors: `environment`, `profile`, `web identity`, …
        public var name: String
        /// The provider.
        public var provider: any ExpiringCredentialProvider

        /// Creates a link.
        public init(_ name: String, _ provider: any ExpiringCredentialProvider) {
            self.name = name
            self.provider = provider
        }
    }

    /// The providers, in the order tried.
    public let links: [Link]

    /// Creates a chain.
    public init(_ links: [Link]) {
        self.links = links
    }

    /// Failures that end the chain at once: the configuration is wrong in a way only the user
    /// can fix, and trying metadata services next would only bury the reason.
    static let decisive: Set<CredentialProviderError.Code> = [.profileCycle, .mfaRequired, .ssoLoginRequired]

    /// The first credentials any link gives; `.noCredentials` listing every attempt otherwise.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        var attempts: [CredentialProviderError] = []
        for link in links {
            try Task.checkCancellation()
            do {
                return try await link.provider.expiringCredentials()
            } catch is CancellationError {
                throw CancellationError()
            } catch var error as CredentialProviderError {
                if error.source.isEmpty { error.source = link.name }
                // The profile said which source to use and it needs the user: stop here, as
                // botocore does, rather than hide the reason among later attempts.
                if Self.decisive.contains(error.code) { throw error }
                attempts.append(error)
            } catch {
                attempts.append(CredentialProviderError(code: .requestFailed, source: link.name, message: "failed with \(type(of: error))"))
            }
        }
        throw CredentialProviderError(code: .noCredentials, source: "chain", message: "no source in the chain had credentials", attempts: attempts)
    }
}
