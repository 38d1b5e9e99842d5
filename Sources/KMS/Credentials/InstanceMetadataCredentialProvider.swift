#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4
import CurlHTTP

/// Credentials of an EC2 instance's role, from the instance metadata service (IMDSv2).
///
/// Flow: `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds` → a session
/// token; `GET /latest/meta-data/iam/security-credentials/` → the role name;
/// `GET …/security-credentials/ROLE` → the credentials JSON; each GET carries
/// `X-aws-ec2-metadata-token`. The session token is kept (shared by copies of the provider)
/// until a minute before its TTL ends, so a refresh costs two requests, not three. As in the SDKs, a token request answered 403/404/405 (IMDSv1
/// only, or a proxy in the way) falls back to tokenless GETs unless
/// `AWS_EC2_METADATA_V1_DISABLED=true`; a GET answered 401 (token expired) gets a new token
/// once.
///
/// Settings: `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT`
/// (or profile `ec2_metadata_service_endpoint`) moves it; `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`
/// `IPv6` selects `http://[fd00:ec2::254]` instead of `http://169.254.169.254`.
public struct InstanceMetadataCredentialProvider: ExpiringCredentialProvider {
    /// Base URL of the metadata service.
    public let endpoint: String
    /// Whether the provider is turned off.
    public let disabled: Bool
    /// Whether the tokenless IMDSv1 fallback is forbidden.
    public let v1Disabled: Bool
    /// What carries the requests.
    public let transport: any HTTPTransport
    /// Longest wait for each request (the SDKs use 1 s).
    public let timeout: Duration
    /// Lifetime asked for the session token, sent in whole seconds.
    public let tokenTTL: Duration
    /// The session token between fetches.
    private let tokenCache = TokenCache()
    /// Why ``endpoint`` is not a usable URL, reported before any request is made.
    private let endpointProblem: String?

    /// Creates a provider from explicit settings.
    public init(endpoint: String = "http://169.254.169.254", disabled: Bool = false, v1Disabled: Bool = false, transport: any HTTPTransport, timeout: Duration = .seconds(1), tokenTTL: Duration = .seconds(21600)) {
        do {
            self.endpoint = try ServiceURL(parsingBase: endpoint).base
            self.endpointProblem = nil
        } catch {
            self.endpoint = endpoint
            self.endpointProblem = "the metadata endpoint \(error.reason)"
        }
        self.disabled = disabled
        self.v1Disabled = v1Disabled
        self.transport = transport
        self.timeout = timeout
        self.tokenTTL = tokenTTL
    }

    /// Creates a provider configured by the environment and the profile.
    /// Whether `AWS_EC2_METADATA_DISABLED=true` turns the metadata service off.
    static func isDisabled(_ environment: [String: String]) -> Bool {
        (environment["AWS_EC2_METADATA_DISABLED"] ?? "").lowercased() == "true"
    }

    package init(environment: [String: String] = ProcessInfo.processInfo.environment, shared: SharedConfiguration = SharedConfiguration(), transport: any HTTPTransport, timeout: Duration = .seconds(1)) {
        let profile = shared.profile
        let mode = nonEmpty(environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]) ?? profile?["ec2_metadata_service_endpoint_mode"]
        let endpoint = nonEmpty(environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"])
            ?? nonEmpty(profile?["ec2_metadata_service_endpoint"])
            ?? (mode?.lowercased() == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254")
        let disabled = Self.isDisabled(environment)
        let v1Disabled = (nonEmpty(environment["AWS_EC2_METADATA_V1_DISABLED"]) ?? profile?["ec2_metadata_v1_disabled"] ?? "").lowercased() == "true"
        self.init(endpoint: endpoint, disabled: disabled, v1Disabled: v1Disabled, transport: transport, timeout: timeout)
    }

    /// The credentials JSON of `…/security-credentials/ROLE`.
    struct Document: Decodable {
        var Code: String?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
    }

    private static let source = "instance metadata"

    /// Runs the IMDSv2 flow and returns the role's credentials.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        guard !disabled else {
            throw CredentialProviderError.make(.notConfigured, Self.source, "AWS_EC2_METADATA_DISABLED is true")
        }
        var token = try await cachedToken()
        let roleListPath = "/latest/meta-data/iam/security-credentials/"
        let (roleBody, refreshed) = try await get(roleListPath, token: token)
        token = refreshed
        let role = String(decoding: roleBody, as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .first.map { String($0).trimmingWhitespace() } ?? ""
        guard !role.isEmpty, !role.contains("/") else {
            throw CredentialProviderError.make(.invalidResponse, Self.source, "the instance has no IAM role")
        }
        let (body, _) = try await get(roleListPath + role, token: token)
        guard let document = CredentialHTTP.decodeJSON(Document.self, from: body) else {
            throw CredentialProviderError.make(.invalidResponse, Self.source, "the credentials document is not JSON")
        }
        if let code = document.Code, code != "Success" {
            throw CredentialProviderError.make(.requestFailed, Self.source, "the credentials document says Code \(code.prefix(64))")
        }
        guard let keyId = nonEmpty(document.AccessKeyId), let secret = nonEmpty(document.SecretAccessKey) else {
            throw CredentialProviderError.make(.invalidResponse, Self.source, "the credentials document lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = parseISO8601(text) else {
                throw CredentialProviderError.make(.invalidResponse, Self.source, "the credentials document's Expiration is not an ISO 8601 time")
            }
            expiration = date
        }
        return ExpiringCredentials(AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: nonEmpty(document.Token)), expiration: expiration)
    }

    /// The kept session token if still fresh, else a new one.
    func cachedToken() async throws -> String? {
        if let token = await tokenCache.token(at: Date()) { return token }
        return try await fetchToken()
    }

    /// ``endpoint``, or `.invalidConfiguration` when the configured text is not a usable URL.
    private func base() throws -> String {
        if let endpointProblem { throw CredentialProviderError.make(.invalidConfiguration, Self.source, endpointProblem) }
        return endpoint
    }

    /// A new session token (kept for later fetches), or `nil` to go on without one (IMDSv1).
    func fetchToken() async throws -> String? {
        let request = HTTPRequest(method: "PUT", url: try base() + "/latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": String(tokenTTL.components.seconds)])
        let response = try await CredentialHTTP.send(request, over: transport, timeout: timeout, source: Self.source)
        switch response.status {
        case 200:
            let token = String(decoding: response.body, as: UTF8.self).trimmingWhitespace()
            guard !token.isEmpty else {
                throw CredentialProviderError.make(.invalidResponse, Self.source, "the token answer is empty")
            }
            await tokenCache.store(token, until: Date().addingTimeInterval(Double(max(0, tokenTTL.components.seconds - 60))))
            return token
        case 403, 404, 405:
            guard !v1Disabled else {
                throw CredentialProviderError.make(.requestFailed, Self.source, "the token request was answered HTTP \(response.status) and IMDSv1 is disabled")
            }
            return nil
        default:
            throw CredentialProviderError.make(.requestFailed, Self.source, "the token request was answered HTTP \(response.status)")
        }
    }

    /// GETs a metadata path; on 401 with a token, gets a new token and tries once more.
    func get(_ path: String, token: String?) async throws -> (body: [UInt8], token: String?) {
        var token = token
        for attempt in 0..<2 {
            var headers = HTTPHeaders()
            if let token { headers.add(name: "X-aws-ec2-metadata-token", value: token) }
            let response = try await CredentialHTTP.send(HTTPRequest(method: "GET", url: try base() + path, headers: headers), over: transport, timeout: timeout, source: Self.source)
            switch response.status {
            case 200:
                return (response.body, token)
            case 401 where token != nil && attempt == 0:
                token = try await fetchToken()
            case 404:
                throw CredentialProviderError.make(.requestFailed, Self.source, "GET \(path.hasSuffix("/") ? path : "…/ROLE") answered 404: no IAM role on this instance")
            default:
                throw CredentialProviderError.make(.requestFailed, Self.source, "GET \(path.hasSuffix("/") ? path : "…/ROLE") answered HTTP \(response.status)")
            }
        }
        throw CredentialProviderError.make(.requestFailed, Self.source, "the metadata token was refused twice")
    }
}

extension InstanceMetadataCredentialProvider {
    /// The IMDSv2 session token between fetches.
    actor TokenCache {
        private var value: String?
        private var validUntil = Date.distantPast

        func token(at now: Date) -> String? { now < validUntil ? value : nil }

        func store(_ token: String, until date: Date) {
            value = token
            validUntil = date
        }
    }
}
