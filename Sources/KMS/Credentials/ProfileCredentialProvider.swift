#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Credentials from a profile of the shared files, resolved as botocore resolves them:
///
/// - `role_arn` with `source_profile` (chains of any depth; a loop is `.profileCycle`) or
///   `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`): STS
///   `AssumeRole` with `role_session_name`, `external_id`, `duration_seconds`, and `mfa_serial`
///   answered by `mfaTokenCode` (without it, `.mfaRequired`);
/// - `role_arn` with `web_identity_token_file`: STS `AssumeRoleWithWebIdentity`;
/// - `sso_session` or `sso_start_url`: the AWS CLI's cached SSO token, traded at the portal;
/// - static keys (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`), else
///   `credential_process`.
///
/// The files are read again on every fetch, so edits (and rotated keys) are picked up at the
/// next refresh; caching is the job of ``CachingCredentialProvider`` (the default chain has one).
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
    /// What carries STS, SSO and metadata calls.
    public let transport: (any HTTPTransport)?
    /// Time limit for `credential_process`.
    public let processTimeout: Duration
    /// The region for STS (its endpoint and signature); `nil` means the profile's.
    public let region: String?
    /// Time limit of each container or instance metadata request for a `credential_source`.
    public let metadataTimeout: Duration
    /// Answers MFA challenges of profiles with `mfa_serial`.
    public let mfaTokenCode: AssumeRoleCredentialProvider.MFATokenCode?

    /// Creates a provider for a profile.
    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, configFilePath: String? = nil, credentialsFilePath: String? = nil, transport: (any HTTPTransport)? = nil, processTimeout: Duration = .seconds(60),
                region: String? = nil, metadataTimeout: Duration = .seconds(1), mfaTokenCode: AssumeRoleCredentialProvider.MFATokenCode? = nil) {
        self.profile = profile
        self.environment = environment
        self.configFilePath = configFilePath
        self.credentialsFilePath = credentialsFilePath
        self.transport = transport
        self.processTimeout = processTimeout
        self.region = region
        self.metadataTimeout = metadataTimeout
        self.mfaTokenCode = mfaTokenCode
    }

    /// Reads the files again and returns the profile's credentials.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let shared = SharedConfiguration.load(profile: profile, environment: environment, configFilePath: configFilePath, credentialsFilePath: credentialsFilePath)
        let resolver = ProfileChainResolver(
            shared: shared, environment: environment, transport: transport, region: region,
            processTimeout: processTimeout, metadataTimeout: metadataTimeout, mfaTokenCode: mfaTokenCode)
        return try await resolver.credentials()
    }
}
