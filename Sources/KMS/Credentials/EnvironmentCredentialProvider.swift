#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`
/// (and, when set, `AWS_CREDENTIAL_EXPIRATION`).
///
/// Why injected: the environment is read from the dictionary given, so tests never touch the
/// process's own.
public struct EnvironmentCredentialProvider: ExpiringCredentialProvider {
    /// The variables read.
    public let environment: [String: String]

    /// Reads the given environment, by default the process's.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The credentials the variables hold.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let source = "environment"
        let keyId = nonEmpty(environment["AWS_ACCESS_KEY_ID"])
        let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
        switch (keyId, secret) {
        case (nil, nil):
            throw CredentialProviderError.make(.notConfigured, source, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (.some, nil):
            throw CredentialProviderError.make(.incompleteCredentials, source, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, .some):
            throw CredentialProviderError.make(.incompleteCredentials, source, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (.some(let keyId), .some(let secret)):
            var expiration: Date?
            if let text = nonEmpty(environment["AWS_CREDENTIAL_EXPIRATION"]) {
                guard let date = parseISO8601(text) else {
                    throw CredentialProviderError.make(.invalidConfiguration, source, "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time")
                }
                expiration = date
            }
            return ExpiringCredentials(
                AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"])),
                expiration: expiration
            )
        }
    }
}

/// Parses `2024-01-02T03:04:05Z`, with or without fractional seconds, `Z` or an offset.
func parseISO8601(_ text: String) -> Date? {
    let trimmed = String(text.trimmingWhitespace())
    if let date = try? Date(trimmed, strategy: .iso8601) { return date }
    return try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
}
