#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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

    /// Longest time to establish a connection, in seconds (shortcut into ``httpConfiguration``).
    public var connectTimeout: Double {
        get { httpConfiguration.connectTimeout }
        set { httpConfiguration.connectTimeout = newValue }
    }

    /// Longest time for one whole request, in seconds (shortcut into ``httpConfiguration``).
    public var timeout: Double {
        get { httpConfiguration.timeout }
        set { httpConfiguration.timeout = newValue }
    }

    /// A configuration with static credentials, as the JavaScript library takes them.
    ///
    /// - Parameters:
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
    public init(
        region: String,
        credentialProvider: any AWSCredentialProvider,
        endpoint: String? = nil,
        httpConfiguration: CurlHTTPClient.Configuration = CurlHTTPClient.Configuration()
    ) throws {
        try Self.checkRegion(region)
        self.region = region
        self.endpoint = try endpoint.map { try AWSEndpoint(parsing: $0) } ?? AWSEndpoint.defaultKMS(region: region)
        self.credentialProvider = credentialProvider
        self.httpConfiguration = httpConfiguration
    }

    /// Reads the configuration from the process environment, as the AWS SDKs do:
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`), `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`, and `AWS_ENDPOINT_URL_KMS` (or `AWS_ENDPOINT_URL`).
    public static func fromEnvironment() throws -> AWSConfig {
        try fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// Reads the configuration from the given variables (for tests and for callers that
    /// assemble their own environment). Empty values count as absent.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AWSConfig {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        guard let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") else {
            throw AWSConfigError(kind: .missingRegion, message: "set AWS_REGION or AWS_DEFAULT_REGION")
        }
        guard let accessKeyId = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") else {
            throw AWSConfigError(
                kind: .missingCredentials, message: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        return try AWSConfig(
            region: region,
            accessKeyId: accessKeyId,
            secretAccessKey: secret,
            sessionToken: value("AWS_SESSION_TOKEN"),
            endpoint: value("AWS_ENDPOINT_URL_KMS") ?? value("AWS_ENDPOINT_URL"))
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
            throw AWSConfigError(kind: .invalidRegion, message: "region is empty")
        }
        guard region.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) else {
            throw AWSConfigError(kind: .invalidRegion, message: "region must be made of a-z, 0-9 and -")
        }
    }

    /// Credentials go into headers: they must not be empty nor hold control characters.
    static func checkCredential(_ value: String, name: String) throws(AWSConfigError) {
        guard !value.isEmpty else {
            throw AWSConfigError(kind: .invalidCredentials, message: "\(name) is empty")
        }
        guard !HeaderSafety.hasControlCharacters(value) else {
            throw AWSConfigError(kind: .invalidCredentials, message: "\(name) contains control characters")
        }
    }
}
