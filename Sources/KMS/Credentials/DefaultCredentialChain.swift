#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4
import CurlHTTP

/// The credential chain of the AWS SDKs, cached and refreshed before expiry.
///
/// Order: explicit credentials → environment (`AWS_ACCESS_KEY_ID`, …) → shared files (see
/// ``ProfileCredentialProvider``: assume-role, web identity and SSO profiles, the profile's keys,
/// `credential_process`) → web identity from the
/// environment (`AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`) → container endpoint → EC2
/// instance metadata (IMDSv2). As in botocore, a profile chosen in code (`profile:`, the CLI's
/// `--profile`) skips the environment's keys, while `AWS_PROFILE` does not.
///
/// Everything is injected: the environment, file paths, the HTTP transport, the clock, so
/// tests never read the process's environment or home, nor reach a real metadata address.
public struct DefaultCredentialChain: ExpiringCredentialProvider {
    /// The uncached chain, for inspection.
    public let chain: CredentialProviderChain
    /// The cache in front of it; shared by copies of this value.
    public let cache: CachingCredentialProvider

    /// Builds the chain.
    ///
    /// - Parameters:
    ///   - explicit: credentials given in code; when set, they are used and nothing else is read.
    ///   - profile: a profile chosen in code; else `AWS_PROFILE`, else `default`.
    ///   - region: the client's region, for the STS endpoint of web identity.
    ///   - environment: the variables to read; by default the process's.
    ///   - configFilePath: overrides `AWS_CONFIG_FILE` / `~/.aws/config`.
    ///   - credentialsFilePath: overrides `AWS_SHARED_CREDENTIALS_FILE` / `~/.aws/credentials`.
    ///   - transport: carries STS, container and metadata requests. Pass the client's own
    ///     (each request is bounded by `metadataTimeout` or the STS limit whatever the transport's
    ///     settings); by default a `CurlHTTPClient` with short timeouts, started only when a
    ///     network source is first asked, so a chain that never needs one costs no thread.
    ///   - caBundlePath: a PEM file of CA certificates the default transport trusts instead of
    ///     the system's (`AWS_CA_BUNDLE`, the profile's `ca_bundle`); ignored with `transport`.
    ///   - metadataTimeout: time limit of each container or instance metadata request.
    ///   - mfaTokenCode: answers MFA challenges of assume-role profiles with `mfa_serial`.
    ///   - refreshWindow: how long before expiry credentials are refreshed.
    ///   - now: the clock.
    public init(
        explicit: AWSCredentials? = nil,
        profile: String? = nil,
        region: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        configFilePath: String? = nil,
        credentialsFilePath: String? = nil,
        transport: (any HTTPTransport)? = nil,
        caBundlePath: String? = nil,
        metadataTimeout: Duration = .seconds(1),
        mfaTokenCode: AssumeRoleCredentialProvider.MFATokenCode? = nil,
        refreshWindow: Duration = .seconds(300),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        var links: [CredentialProviderChain.Link] = []
        if let explicit {
            links.append(.init("explicit", StaticCredentialProvider(explicit)))
        } else {
            let transport = transport ?? Self.makeDefaultTransport(caBundlePath: caBundlePath)
            let shared = SharedConfiguration.load(profile: profile, environment: environment, configFilePath: configFilePath, credentialsFilePath: credentialsFilePath)
            if profile == nil {
                links.append(.init("environment", EnvironmentCredentialProvider(environment: environment)))
            }
            links.append(.init("profile", ProfileCredentialProvider(
                profile: profile, environment: environment, configFilePath: configFilePath, credentialsFilePath: credentialsFilePath,
                transport: transport, region: region, metadataTimeout: metadataTimeout, mfaTokenCode: mfaTokenCode)))
            links.append(.init("web identity", Self.webIdentity(region: region, environment: environment, shared: shared, transport: transport)))
            links.append(.init("container", ContainerCredentialProvider(environment: environment, transport: transport, timeout: metadataTimeout)))
            links.append(.init("instance metadata", InstanceMetadataCredentialProvider(environment: environment, shared: shared, transport: transport, timeout: metadataTimeout)))
        }
        self.chain = CredentialProviderChain(links)
        self.cache = CachingCredentialProvider(chain, refreshWindow: refreshWindow, now: now)
    }

    /// The chain's credentials, from the cache while they are fresh.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        try await cache.expiringCredentials()
    }

    /// The web identity link from `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE` and
    /// `AWS_ROLE_SESSION_NAME`, or a link that reports it is not configured.
    static func webIdentity(region: String?, environment: [String: String], shared: SharedConfiguration, transport: any HTTPTransport) -> any ExpiringCredentialProvider {
        let roleArn = nonEmpty(environment["AWS_ROLE_ARN"])
        let tokenFile = nonEmpty(environment["AWS_WEB_IDENTITY_TOKEN_FILE"])
        switch (roleArn, tokenFile) {
        case (nil, nil):
            return UnavailableCredentialProvider(error: .make(.notConfigured, "web identity", "AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are not set"))
        case (.some, nil):
            return UnavailableCredentialProvider(error: .make(.invalidConfiguration, "web identity", "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not"))
        case (nil, .some):
            return UnavailableCredentialProvider(error: .make(.invalidConfiguration, "web identity", "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"))
        case (.some(let roleArn), .some(let tokenFile)):
            let region = nonEmpty(region) ?? RegionResolver.resolve(environment: environment, shared: shared)?.region
            return WebIdentityCredentialProvider(
                roleArn: roleArn,
                tokenFilePath: tokenFile,
                sessionName: nonEmpty(environment["AWS_ROLE_SESSION_NAME"]),
                stsEndpoint: WebIdentityCredentialProvider.stsEndpoint(region: region, environment: environment, shared: shared),
                transport: transport
            )
        }
    }

    /// A client for metadata, STS and SSO: short connect timeout, small responses, created
    /// lazily, trusting `caBundlePath` when given.
    static func makeDefaultTransport(caBundlePath: String? = nil) -> any HTTPTransport {
        LazyCurlTransport(caBundlePath: caBundlePath)
    }
}

/// A `CurlHTTPClient` made on first use: its thread starts only if a request is ever sent.
struct LazyCurlTransport: HTTPTransport {
    private let holder: Holder

    init(caBundlePath: String? = nil) {
        holder = Holder(caBundlePath: caBundlePath)
    }

    actor Holder {
        private var client: CurlHTTPClient?
        private let caBundlePath: String?

        init(caBundlePath: String?) { self.caBundlePath = caBundlePath }

        func get() -> CurlHTTPClient {
            if let client { return client }
            var configuration = CurlHTTPClient.Configuration()
            configuration.connectTimeout = .seconds(1)
            configuration.timeout = .seconds(5)
            configuration.maximumResponseSize = 64 * 1024
            configuration.maximumConnections = 4
            configuration.caBundlePath = caBundlePath
            let client = CurlHTTPClient(configuration: configuration)
            self.client = client
            return client
        }
    }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await holder.get().execute(request)
    }
}
