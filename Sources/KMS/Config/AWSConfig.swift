#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4
import CoreMetrics
import CurlHTTP
import Tracing

/// Everything a ``KMSClient`` needs to reach KMS: the region, where to send requests, how to
/// get credentials, and the HTTP limits.
///
/// Built once and checked at once: a bad region, endpoint or credential throws
/// ``AWSConfigError`` here, not on the first request. `description` never shows a secret.
public struct AWSConfig: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The AWS region, e.g. `eu-west-1`; part of every signature.
    public let region: String
    /// Where requests go: the given endpoint, or KMS's endpoint in ``region``.
    public let endpoint: AWSEndpoint
    /// Where the client gets credentials before signing each request.
    public let credentialProvider: any AWSCredentialProvider
    /// Timeouts and limits of the HTTP client ``KMSClient`` creates when it is not given a
    /// transport. The defaults suit KMS: 10 s to connect, 60 s per request.
    public var httpConfiguration: CurlHTTPClient.Configuration
    /// How failed requests are retried: the SDKs' standard mode (3 attempts, full-jitter
    /// backoff capped at 20 s, a retry quota) unless changed. `maxAttempts: 1` turns retries off.
    public var retry: RetryConfiguration = .standard
    /// Where ``KMSClient`` sends a span per call (`KMS.GenerateDataKey`, …; the client's
    /// documentation lists its attributes); nil for the process-wide
    /// `InstrumentationSystem.tracer`, read when the client is created, so bootstrap the tracing
    /// backend before creating clients. Give one here to trace a client apart from the rest of
    /// the process, or in tests (`InMemoryTracer`).
    public var tracer: (any Tracer)?
    /// Where ``KMSClient`` records its counters and timer per operation (`aws_requests_total`,
    /// `aws_request_errors`, `aws_request_duration`); nil for the process-wide
    /// `MetricsSystem.factory`, read when the client is created. Give one here to keep a client's
    /// metrics apart, or in tests (`TestMetrics`).
    public var metricsFactory: (any MetricsFactory)?
    /// No span and no metric at all, whatever is bootstrapped: only for the benchmark's
    /// baseline row (`@_spi(Benchmarks)`), which measures what instrumentation costs.
    var instrumentationDisabled = false

    /// Longest time to establish a connection (shortcut into ``httpConfiguration``).
    public var connectTimeout: Duration {
        get { httpConfiguration.connectTimeout }
        set { httpConfiguration.connectTimeout = newValue }
    }

    /// A PEM file of certificate authorities to trust instead of the system's, for a
    /// TLS-inspecting proxy or a local server with a private CA (shortcut into
    /// ``httpConfiguration``). ``load(profile:region:endpoint:caBundlePath:mfaTokenCode:environment:)`` sets it
    /// from `AWS_CA_BUNDLE` or the profile's `ca_bundle` and gives it to the credential chain too,
    /// so STS, SSO and metadata calls trust the same authorities. The initializers check the
    /// file (``AWSConfigError/invalidCABundle``); a path set here afterwards is checked by
    /// libcurl at the first request (`HTTPClientError.tlsFailure`). Certificate and host name
    /// verification cannot be turned off.
    public var caBundlePath: String? {
        get { httpConfiguration.caBundlePath }
        set { httpConfiguration.caBundlePath = newValue }
    }

    /// Longest time for one whole request (shortcut into ``httpConfiguration``).
    public var timeout: Duration {
        get { httpConfiguration.timeout }
        set { httpConfiguration.timeout = newValue }
    }

    /// A configuration with static credentials, as the JavaScript library takes them.
    ///
    /// - Parameters:
    ///   - region: the AWS region, e.g. `eu-west-1`.
    ///   - accessKeyId: the access key id (`AKIA…`, `ASIA…`).
    ///   - secretAccessKey: the secret access key; never logged or shown.
    ///   - sessionToken: the session token of temporary credentials, else nil.
    ///   - endpoint: `https://host`, `http://127.0.0.1:4566` or `host[:port]`; nil for
    ///     `https://kms.<region>.amazonaws.com`.
    /// - Throws: ``AWSConfigError`` for a bad region, endpoint, or an empty or multi-line credential.
    public init(
        region: String,
        accessKeyId: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        endpoint: String? = nil
    ) throws {
        try Self.checkCredential(accessKeyId, name: "access key id")
        try Self.checkCredential(secretAccessKey, name: "secret access key")
        if let sessionToken { try Self.checkCredential(sessionToken, name: "session token") }
        let credentials = AWSCredentials(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
        try self.init(region: region, credentialProvider: StaticCredentialProvider(credentials), endpoint: endpoint)
    }

    /// A configuration that asks `credentialProvider` for credentials before each request
    /// (environment, shared files, STS, instance metadata, or your own).
    ///
    /// - Throws: ``AWSConfigError`` for a bad region or endpoint, or a CA bundle
    ///   (`httpConfiguration.caBundlePath`) that is missing or holds no PEM certificate.
    public init(
        region: String,
        credentialProvider: any AWSCredentialProvider,
        endpoint: String? = nil,
        httpConfiguration: CurlHTTPClient.Configuration = CurlHTTPClient.Configuration()
    ) throws {
        try Self.checkRegion(region)
        if let caBundlePath = httpConfiguration.caBundlePath {
            try CABundleResolver.check(caBundlePath, source: "caBundlePath")
        }
        self.region = region
        self.endpoint = try AWSEndpoint(parsing: endpoint ?? Self.defaultEndpointURL(region: region))
        self.credentialProvider = credentialProvider
        self.httpConfiguration = httpConfiguration
    }

    /// Reads the configuration where the AWS SDKs and the AWS CLI look for it (see
    /// ``load(profile:region:endpoint:caBundlePath:mfaTokenCode:environment:)``), from the process environment.
    public static func fromEnvironment() throws -> AWSConfig {
        try load()
    }

    /// The same, from the given variables (for tests and for callers that assemble their own
    /// environment). Empty values count as absent.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AWSConfig {
        try load(environment: environment)
    }

    /// Resolves the configuration the way the AWS SDKs do, so a user moving from boto3 or the
    /// AWS CLI finds their settings used:
    ///
    /// - region: `region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile's `region`;
    /// - endpoint: `endpoint` → `AWS_ENDPOINT_URL_KMS` → `AWS_ENDPOINT_URL` → the profile's
    ///   `services` section or `endpoint_url` → the partition's KMS endpoint (FIPS with
    ///   `AWS_USE_FIPS_ENDPOINT`, dual-stack with `AWS_USE_DUALSTACK_ENDPOINT`);
    /// - credentials: ``DefaultCredentialChain`` (environment → shared files: assume-role,
    ///   web identity and SSO profiles, keys, `credential_process` → web identity → container →
    ///   EC2 instance metadata), cached and refreshed before they expire; nothing is fetched until
    ///   the first request;
    /// - retries: `AWS_RETRY_MODE` / `AWS_MAX_ATTEMPTS` or the profile's `retry_mode` /
    ///   `max_attempts`;
    /// - trusted certificate authorities: `caBundlePath` → `AWS_CA_BUNDLE` → the profile's
    ///   `ca_bundle` → the system's; used for KMS and for every call the credential chain makes.
    ///
    /// - Parameters:
    ///   - profile: a profile chosen in code (the CLI's `--profile`); it beats `AWS_PROFILE`
    ///     and, as in botocore, makes the chain skip the environment's keys.
    ///   - region: a region chosen in code; beats every other source.
    ///   - endpoint: an endpoint URL chosen in code (`https://host`, `http://127.0.0.1:4566`);
    ///     beats every other source.
    ///   - caBundlePath: a PEM file of CA certificates; beats `AWS_CA_BUNDLE`.
    ///   - mfaTokenCode: answers the MFA challenge of an assume-role profile with `mfa_serial`
    ///     (prompt the user, read a token app); without it such a profile fails with
    ///     `CredentialProviderError.mfaRequired`.
    ///   - environment: the variables to read; by default the process's.
    /// - Throws: ``AWSConfigError`` when no region is set, a setting is malformed, the CA bundle
    ///   cannot be read, or only one of `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` is set.
    public static func load(
        profile: String? = nil,
        region: String? = nil,
        endpoint: String? = nil,
        caBundlePath: String? = nil,
        mfaTokenCode: AssumeRoleCredentialProvider.MFATokenCode? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AWSConfig {
        try load(
            profile: profile, explicitRegion: region, explicitEndpoint: endpoint, explicitCABundle: caBundlePath,
            mfaTokenCode: mfaTokenCode, environment: environment)
    }

    /// ``load(profile:region:endpoint:caBundlePath:mfaTokenCode:environment:)`` with the
    /// explicit values named apart from the resolved ones.
    private static func load(
        profile: String?,
        explicitRegion: String?,
        explicitEndpoint: String?,
        explicitCABundle: String?,
        mfaTokenCode: AssumeRoleCredentialProvider.MFATokenCode?,
        environment: [String: String]
    ) throws -> AWSConfig {
        let shared = SharedConfiguration.load(profile: profile, environment: environment)
        guard let region = RegionResolver.resolve(explicit: explicitRegion, environment: environment, shared: shared)?.region else {
            throw AWSConfigError(
                code: .missingRegion, message: "set --region, AWS_REGION, AWS_DEFAULT_REGION or the profile's region")
        }
        try checkRegion(region)
        if profile == nil {
            try checkEnvironmentCredentials(environment)
        }
        let endpoint: KMSEndpoint
        let retry: RetryConfiguration
        do {
            endpoint = try KMSEndpointResolver.resolve(
                explicit: explicitEndpoint, region: region, environment: environment, shared: shared)
            retry = try RetryConfiguration.resolve(environment: environment, shared: shared)
        } catch let error as EndpointResolutionError {
            throw AWSConfigError(code: .invalidEndpoint, message: error.message)
        } catch let error as RetryConfigurationError {
            throw AWSConfigError(code: .invalidSetting, message: error.message)
        }
        let caBundle = try CABundleResolver.resolve(explicit: explicitCABundle, environment: environment, shared: shared)
        let chain = DefaultCredentialChain(profile: profile, region: region, environment: environment, caBundlePath: caBundle, mfaTokenCode: mfaTokenCode)
        var http = CurlHTTPClient.Configuration()
        http.caBundlePath = caBundle
        var config = try AWSConfig(
            region: endpoint.signingRegion ?? region, credentialProvider: chain, endpoint: endpoint.url, httpConfiguration: http)
        config.retry = retry
        return config
    }

    /// botocore refuses half of a key pair in the environment rather than silently trying the
    /// next source; so do we, at once. Values that would break a header are refused too.
    static func checkEnvironmentCredentials(_ environment: [String: String]) throws(AWSConfigError) {
        let accessKeyId = nonEmpty(environment["AWS_ACCESS_KEY_ID"])
        let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
        switch (accessKeyId, secret) {
        case (nil, nil):
            return
        case (.some(let accessKeyId), .some(let secret)):
            try checkCredential(accessKeyId, name: "AWS_ACCESS_KEY_ID")
            try checkCredential(secret, name: "AWS_SECRET_ACCESS_KEY")
            if let token = nonEmpty(environment["AWS_SESSION_TOKEN"]) {
                try checkCredential(token, name: "AWS_SESSION_TOKEN")
            }
        case (nil, .some):
            throw AWSConfigError(code: .missingCredentials, message: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (.some, nil):
            throw AWSConfigError(code: .missingCredentials, message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
    }

    /// Region, endpoint and the credential provider's own description (which hides secrets).
    public var description: String {
        "AWSConfig(region: \(region), endpoint: \(endpoint), credentials: \(credentialProvider))"
    }

    /// The same as ``description``: secrets stay hidden in debug output too.
    public var debugDescription: String { description }

    /// Region names are lowercase letters, digits and dashes (`us-east-1`, `eu-central-2`).
    static func checkRegion(_ region: String) throws(AWSConfigError) {
        guard !region.isEmpty else {
            throw AWSConfigError(code: .invalidRegion, message: "region is empty")
        }
        guard region.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) else {
            throw AWSConfigError(code: .invalidRegion, message: "region must be made of a-z, 0-9 and -")
        }
    }

    /// The partition's KMS endpoint for a region (`kms.<region>.amazonaws.com`, `.com.cn` in
    /// China, …), as botocore's ruleset computes it.
    static func defaultEndpointURL(region: String) throws(AWSConfigError) -> String {
        do {
            return try KMSEndpointResolver.defaultEndpoint(region: region).url
        } catch {
            throw AWSConfigError(code: .invalidRegion, message: "no KMS endpoint for region '\(region)'")
        }
    }

    /// Credentials go into headers: they must not be empty nor hold control characters.
    static func checkCredential(_ value: String, name: String) throws(AWSConfigError) {
        guard !value.isEmpty else {
            throw AWSConfigError(code: .invalidCredentials, message: "\(name) is empty")
        }
        guard !HeaderSafety.hasControlCharacters(value) else {
            throw AWSConfigError(code: .invalidCredentials, message: "\(name) contains control characters")
        }
    }
}
