#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Credentials from a profile of the shared files: static keys (`aws_access_key_id`,
/// `aws_secret_access_key`, `aws_session_token`), else `credential_process`, else a web
/// identity role (`role_arn` with `web_identity_token_file`).
///
/// The files are read again on every fetch, so edits (and rotated keys) are picked up at the
/// next refresh. Roles assumed from another profile (`source_profile`) and SSO profiles are
/// recognised and reported as `.unsupported` rather than silently skipped.
public struct ProfileCredentialProvider: ExpiringCredentialProvider {
    /// A profile chosen by the caller; `nil` means `AWS_PROFILE`, else `default`.
    public let profile: String?
    /// The variables read (file locations, `AWS_PROFILE`), also the `credential_process`
    /// environment.
    public let environment: [String: String]
    /// Overrides for the file locations.
    public let configFilePath: String?
    /// Overrides for the file locations.
    public let credentialsFilePath: String?
    /// What carries STS calls for web identity profiles.
    public let transport: (any HTTPTransport)?
    /// Time limit for `credential_process`.
    public let processTimeout: Duration

    /// Creates a provider for a profile.
    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, configFilePath: String? = nil, credentialsFilePath: String? = nil, transport: (any HTTPTransport)? = nil, processTimeout: Duration = .seconds(60)) {
        self.profile = profile
        self.environment = environment
        self.configFilePath = configFilePath
        self.credentialsFilePath = credentialsFilePath
        self.transport = transport
        self.processTimeout = processTimeout
    }

    /// Reads the files again and returns the profile's credentials.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let shared = SharedConfiguration.load(profile: profile, environment: environment, configFilePath: configFilePath, credentialsFilePath: credentialsFilePath)
        let source = "profile \(shared.profileName)"
        guard let section = shared.profile else {
            throw CredentialProviderError.make(.notConfigured, source, "no profile '\(shared.profileName)' in the shared config or credentials file")
        }
        let keyId = nonEmpty(section["aws_access_key_id"])
        let secret = nonEmpty(section["aws_secret_access_key"])
        switch (keyId, secret) {
        case (.some(let keyId), .some(let secret)):
            return ExpiringCredentials(AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: nonEmpty(section["aws_session_token"])))
        case (.some, nil):
            throw CredentialProviderError.make(.incompleteCredentials, source, "aws_access_key_id is set but aws_secret_access_key is not")
        case (nil, .some):
            throw CredentialProviderError.make(.incompleteCredentials, source, "aws_secret_access_key is set but aws_access_key_id is not")
        case (nil, nil):
            break
        }
        if let command = nonEmpty(section["credential_process"]) {
            do {
                return try await ProcessCredentialProvider(command: command, environment: environment, timeout: processTimeout).expiringCredentials()
            } catch var error as CredentialProviderError {
                error.source = source
                throw error
            }
        }
        if let roleArn = nonEmpty(section["role_arn"]) {
            if let tokenFile = nonEmpty(section["web_identity_token_file"]) {
                guard let transport else {
                    throw CredentialProviderError.make(.invalidConfiguration, source, "web identity needs an HTTP transport")
                }
                let region = RegionResolver.resolve(environment: environment, shared: shared)?.region
                let provider = WebIdentityCredentialProvider(
                    roleArn: roleArn,
                    tokenFilePath: SharedConfiguration.expandHome(tokenFile, environment: environment),
                    sessionName: nonEmpty(section["role_session_name"]),
                    stsEndpoint: WebIdentityCredentialProvider.stsEndpoint(region: region, environment: environment, shared: shared),
                    transport: transport
                )
                do {
                    return try await provider.expiringCredentials()
                } catch var error as CredentialProviderError {
                    error.source = source
                    throw error
                }
            }
            throw CredentialProviderError.make(.unsupported, source, "role_arn with source_profile or credential_source (STS AssumeRole) is not supported")
        }
        if section["sso_session"] != nil || section["sso_start_url"] != nil {
            throw CredentialProviderError.make(.unsupported, source, "SSO profiles are not supported")
        }
        throw CredentialProviderError.make(.notConfigured, source, "the profile has no credentials")
    }
}
