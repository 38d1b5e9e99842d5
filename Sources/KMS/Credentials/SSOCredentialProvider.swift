#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import AWSSigV4

/// Credentials of an IAM Identity Center (SSO) role: the access token the AWS CLI cached at
/// `aws sso login`, traded at the SSO portal (`GetRoleCredentials`) for the role's credentials.
///
/// Works with `[sso-session NAME]` sections (the token is refreshed through OIDC and the cache
/// file rewritten, as the CLI does) and with legacy profiles that carry `sso_start_url`
/// themselves. When no valid token is cached, it fails with `.ssoLoginRequired` telling the
/// user to run `aws sso login --profile NAME`; it never starts a login itself.
/// Endpoints: `AWS_ENDPOINT_URL_SSO` (portal) and `AWS_ENDPOINT_URL_SSO_OIDC`, or the
/// `services` section's `sso` / `sso_oidc` entries.
public struct SSOCredentialProvider: ExpiringCredentialProvider {
    /// The profile, for messages.
    public let profileName: String
    /// The `sso_account_id`.
    public let accountId: String
    /// The `sso_role_name`.
    public let roleName: String
    /// The portal base URL: `https://portal.sso.REGION.amazonaws.com` or an override.
    public let portalEndpoint: String
    /// Longest wait for each request.
    public let timeout: Duration
    let tokenCache: SSOTokenCache

    /// Reads the SSO settings of `profile` (and its `sso-session`) from `shared`.
    ///
    /// - Throws: `CredentialProviderError.invalidConfiguration` naming the missing or
    ///   conflicting setting; `.notConfigured` when the profile is not an SSO profile.
    package init(profile: String, shared: SharedConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment,
                transport: any HTTPTransport, timeout: Duration = .seconds(10), now: @escaping @Sendable () -> Date = { Date() }) throws {
        let source = "profile \(profile)"
        guard let section = shared.profile(named: profile) else {
            throw CredentialProviderError.make(.notConfigured, source, "no profile '\(profile)'")
        }
        var startURL = nonEmpty(section["sso_start_url"])
        var ssoRegion = nonEmpty(section["sso_region"])
        let sessionName = nonEmpty(section["sso_session"])
        if let sessionName {
            guard let session = shared.configFile.ssoSessions[sessionName] else {
                throw CredentialProviderError.make(.invalidConfiguration, source, "sso_session names [sso-session \(sessionName)], which the config file does not have")
            }
            for key in ["sso_start_url", "sso_region"] {
                if let own = nonEmpty(section[key]), let shared = nonEmpty(session[key]), own != shared {
                    throw CredentialProviderError.make(.invalidConfiguration, source, "\(key) differs between the profile and [sso-session \(sessionName)]")
                }
            }
            startURL = nonEmpty(session["sso_start_url"]) ?? startURL
            ssoRegion = nonEmpty(session["sso_region"]) ?? ssoRegion
        } else if startURL == nil {
            throw CredentialProviderError.make(.notConfigured, source, "the profile has no sso_session or sso_start_url")
        }
        var missing: [String] = []
        if startURL == nil { missing.append("sso_start_url") }
        if ssoRegion == nil { missing.append("sso_region") }
        let accountId = nonEmpty(section["sso_account_id"])
        let roleName = nonEmpty(section["sso_role_name"])
        if accountId == nil { missing.append("sso_account_id") }
        if roleName == nil { missing.append("sso_role_name") }
        guard let startURL, let ssoRegion, let accountId, let roleName else {
            throw CredentialProviderError.make(.invalidConfiguration, source, "the SSO profile lacks \(missing.joined(separator: ", "))")
        }
        guard AWSPartition.isValidRegionName(ssoRegion) else {
            throw CredentialProviderError.make(.invalidConfiguration, source, "sso_region is not a region name")
        }
        let suffix = AWSPartition.partition(for: ssoRegion).dnsSuffix
        let scoped = SharedConfiguration(configFile: shared.configFile, credentialsFile: shared.credentialsFile, profileName: profile)
        self.profileName = profile
        self.accountId = accountId
        self.roleName = roleName
        self.timeout = timeout
        self.portalEndpoint = try Self.base(
            of: ConfiguredEndpoint.resolve(serviceId: "SSO", environment: environment, shared: scoped),
            default: "https://portal.sso.\(ssoRegion).\(suffix)", source: source)
        self.tokenCache = SSOTokenCache(
            profileName: profile, sessionName: sessionName, startURL: startURL, ssoRegion: ssoRegion,
            oidcEndpoint: try Self.base(
                of: ConfiguredEndpoint.resolve(serviceId: "SSO OIDC", environment: environment, shared: scoped),
                default: "https://oidc.\(ssoRegion).\(suffix)", source: source),
            directory: SharedConfiguration.expandHome("~/.aws/sso/cache", environment: environment),
            transport: transport, timeout: timeout, now: now)
    }

    /// The base URL of a configured SSO endpoint (else `fallback`), read by the library's
    /// one URL parser; `.invalidConfiguration` naming where it came from when it is not usable.
    private static func base(of configured: ConfiguredEndpoint?, default fallback: String, source: String) throws -> String {
        guard let configured else { return fallback }
        do {
            return try ServiceURL(parsingBase: configured.url).base
        } catch {
            throw CredentialProviderError.make(.invalidConfiguration, source, "the endpoint from \(configured.source) \(error.reason)")
        }
    }

    /// The portal's `roleCredentials` answer.
    struct Answer: Decodable {
        struct RoleCredentials: Decodable {
            var accessKeyId: String?
            var secretAccessKey: String?
            var sessionToken: String?
            var expiration: Int64?
        }
        var roleCredentials: RoleCredentials?
    }

    /// The cached token (refreshed if due), traded for the role's credentials.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let token = try await tokenCache.accessToken()
        var base = portalEndpoint
        while base.hasSuffix("/") { base.removeLast() }
        let query = "role_name=\(STSQueryProtocol.formEncode(roleName))&account_id=\(STSQueryProtocol.formEncode(accountId))"
        let request = HTTPRequest(method: "GET", url: base + "/federation/credentials?" + query, headers: ["x-amz-sso_bearer_token": token])
        let response = try await CredentialHTTP.send(request, over: transport, timeout: timeout, source: SSOTokenCache.source)
        switch response.status {
        case 200:
            break
        case 401, 403:
            throw tokenCache.loginRequired("the SSO portal refused the cached token (HTTP \(response.status))")
        default:
            throw CredentialProviderError.make(.requestFailed, "profile \(profileName)", "SSO GetRoleCredentials for role \(roleName) in account \(accountId) failed with HTTP \(response.status)")
        }
        guard let role = CredentialHTTP.decodeJSON(Answer.self, from: response.body)?.roleCredentials,
              let keyId = nonEmpty(role.accessKeyId), let secret = nonEmpty(role.secretAccessKey), let expiration = role.expiration
        else {
            throw CredentialProviderError.make(.invalidResponse, "profile \(profileName)", "the SSO portal answered without complete role credentials")
        }
        return ExpiringCredentials(
            AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: nonEmpty(role.sessionToken)),
            expiration: Date(timeIntervalSince1970: TimeInterval(expiration) / 1000))
    }

    var transport: any HTTPTransport { tokenCache.transport }
}
