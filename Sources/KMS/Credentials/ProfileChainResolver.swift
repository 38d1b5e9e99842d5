#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import AWSSigV4

/// Resolves a profile's credentials the way botocore walks profiles: roles assumed from a
/// `source_profile` (to any depth) or a `credential_source`, web identity, SSO, static keys
/// and `credential_process`.
///
/// Why a walk of its own: a profile used as another's `source_profile` is read differently
/// from the profile chosen (its static keys win over its own `role_arn`, so a profile may name
/// itself as source), and a loop of `source_profile`s must end in a clear error rather than
/// recursion without end.
struct ProfileChainResolver: Sendable {
    let shared: SharedConfiguration
    let environment: [String: String]
    let transport: (any HTTPTransport)?
    let region: String?
    let processTimeout: Duration
    let metadataTimeout: Duration
    let mfaTokenCode: AssumeRoleCredentialProvider.MFATokenCode?

    /// The credentials of the selected profile.
    func credentials() async throws -> ExpiringCredentials {
        try await resolve(shared.profileName, asSource: false, visited: [])
    }

    private func resolve(_ name: String, asSource: Bool, visited: [String]) async throws -> ExpiringCredentials {
        let source = "profile \(name)"
        guard let section = shared.profile(named: name) else {
            if let parent = visited.last {
                throw CredentialProviderError.make(.invalidConfiguration, "profile \(parent)", "source_profile names '\(name)', which is not a profile in the shared config or credentials file")
            }
            throw CredentialProviderError.make(.notConfigured, source, "no profile '\(name)' in the shared config or credentials file")
        }
        let keys = try staticCredentials(section, source: source)
        if asSource, let keys { return keys }
        if let roleArn = nonEmpty(section["role_arn"]) {
            if let tokenFile = nonEmpty(section["web_identity_token_file"]) {
                return try await webIdentity(section, roleArn: roleArn, tokenFile: tokenFile, source: source)
            }
            return try await assumeRole(section, name: name, roleArn: roleArn, hasKeys: keys != nil, visited: visited + [name])
        }
        if section["sso_session"] != nil || section["sso_start_url"] != nil {
            let provider = try SSOCredentialProvider(profile: name, shared: shared, environment: environment, transport: try needTransport(source))
            return try await provider.expiringCredentials()
        }
        if let keys { return keys }
        if let command = nonEmpty(section["credential_process"]) {
            return try await relabel(source) {
                try await ProcessCredentialProvider(command: command, environment: environment, timeout: processTimeout).expiringCredentials()
            }
        }
        if asSource, let parent = visited.last {
            throw CredentialProviderError.make(.invalidConfiguration, "profile \(parent)", "source_profile '\(name)' has no credentials")
        }
        throw CredentialProviderError.make(.notConfigured, source, "the profile has no credentials")
    }

    /// The profile's `aws_access_key_id` / `aws_secret_access_key` pair, `nil` when it has none.
    private func staticCredentials(_ section: SharedConfigFile.Section, source: String) throws -> ExpiringCredentials? {
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
            return nil
        }
    }

    /// `role_arn` with `source_profile` or `credential_source`: the source's credentials, then
    /// STS `AssumeRole`.
    private func assumeRole(_ section: SharedConfigFile.Section, name: String, roleArn: String, hasKeys: Bool, visited: [String]) async throws -> ExpiringCredentials {
        let source = "profile \(name)"
        let sourceProfile = nonEmpty(section["source_profile"])
        let credentialSource = nonEmpty(section["credential_source"])
        let sourceCredentials: ExpiringCredentials
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw CredentialProviderError.make(.invalidConfiguration, source, "role_arn has both source_profile and credential_source; give one")
        case (nil, nil):
            throw CredentialProviderError.make(.invalidConfiguration, source, "role_arn needs source_profile, credential_source or web_identity_token_file")
        case (.some(let sourceProfile), nil):
            if visited.contains(sourceProfile), !(sourceProfile == name && hasKeys) {
                throw CredentialProviderError.make(.profileCycle, source, "source_profile loops: \((visited + [sourceProfile]).joined(separator: " -> "))")
            }
            sourceCredentials = try await resolve(sourceProfile, asSource: true, visited: visited)
        case (nil, .some(let credentialSource)):
            sourceCredentials = try await self.credentialSource(credentialSource, profile: name)
        }
        let duration: Int?
        if let text = nonEmpty(section["duration_seconds"]) {
            guard let value = Int(text), value > 0 else {
                throw CredentialProviderError.make(.invalidConfiguration, source, "duration_seconds is not a positive whole number")
            }
            duration = value
        } else {
            duration = nil
        }
        // As in botocore, STS is called as the selected profile's session would call it.
        let stsRegion = nonEmpty(region) ?? RegionResolver.resolve(environment: environment, shared: shared)?.region
        let provider = AssumeRoleCredentialProvider(
            roleArn: roleArn,
            sessionName: nonEmpty(section["role_session_name"]),
            externalId: nonEmpty(section["external_id"]),
            duration: duration.map { .seconds($0) },
            mfaSerial: nonEmpty(section["mfa_serial"]),
            mfaTokenCode: mfaTokenCode,
            source: StaticCredentialProvider(sourceCredentials.credentials),
            stsEndpoint: WebIdentityCredentialProvider.stsEndpoint(region: stsRegion, environment: environment, shared: shared),
            region: stsRegion,
            transport: try needTransport(source))
        return try await relabel(source) { try await provider.expiringCredentials() }
    }

    /// The credentials a `credential_source` names.
    private func credentialSource(_ name: String, profile: String) async throws -> ExpiringCredentials {
        let source = "profile \(profile)"
        let provider: any ExpiringCredentialProvider
        switch name {
        case "Environment":
            provider = EnvironmentCredentialProvider(environment: environment)
        case "Ec2InstanceMetadata":
            provider = InstanceMetadataCredentialProvider(environment: environment, shared: shared, transport: try needTransport(source), timeout: metadataTimeout)
        case "EcsContainer":
            provider = ContainerCredentialProvider(environment: environment, transport: try needTransport(source), timeout: metadataTimeout)
        default:
            throw CredentialProviderError.make(.invalidConfiguration, source, "credential_source '\(TextSanitizer.printable(name, limit: 40))' is not Environment, Ec2InstanceMetadata or EcsContainer")
        }
        do {
            return try await provider.expiringCredentials()
        } catch let error as CredentialProviderError {
            throw CredentialProviderError.make(.invalidConfiguration, source, "credential_source \(name) has no credentials (\(error.code): \(error.message))")
        }
    }

    private func webIdentity(_ section: SharedConfigFile.Section, roleArn: String, tokenFile: String, source: String) async throws -> ExpiringCredentials {
        let provider = WebIdentityCredentialProvider(
            roleArn: roleArn,
            tokenFilePath: SharedConfiguration.expandHome(tokenFile, environment: environment),
            sessionName: nonEmpty(section["role_session_name"]),
            stsEndpoint: WebIdentityCredentialProvider.stsEndpoint(region: nonEmpty(region) ?? RegionResolver.resolve(environment: environment, shared: shared)?.region, environment: environment, shared: shared),
            transport: try needTransport(source))
        return try await relabel(source) { try await provider.expiringCredentials() }
    }

    private func needTransport(_ source: String) throws -> any HTTPTransport {
        guard let transport else {
            throw CredentialProviderError.make(.invalidConfiguration, source, "this profile needs an HTTP transport (for STS or SSO)")
        }
        return transport
    }

    /// Runs `body`, reporting its credential errors under `source`.
    private func relabel<T>(_ source: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch var error as CredentialProviderError {
            error.source = source
            throw error
        }
    }
}
