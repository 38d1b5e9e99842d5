#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4
import CurlHTTP

/// Credentials from a container credentials endpoint (ECS task roles, EKS Pod Identity,
/// Greengrass), configured by the environment:
///
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: a path on `http://169.254.170.2`;
/// - else `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URL, or an `http` URL whose host is
///   a loopback address or one of the container hosts (`169.254.170.2`, `169.254.170.23`,
///   `fd00:ec2::23`), the SDKs' rule so credentials never travel in clear off the machine;
/// - `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read on every fetch, it rotates) or else
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN`, sent as the `Authorization` header.
public struct ContainerCredentialProvider: ExpiringCredentialProvider {
    /// The variables read.
    public let environment: [String: String]
    /// What carries the request.
    public let transport: any HTTPTransport
    /// Longest wait for the endpoint (the SDKs use 1–2 s).
    public let timeout: Duration
    /// Base URL for the relative URI; only tests change it.
    let relativeBase: String

    /// The hosts an `http` full URI may name besides loopback ones.
    public static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]

    /// Creates a provider reading the given environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, transport: any HTTPTransport, timeout: Duration = .seconds(1)) {
        self.init(environment: environment, transport: transport, timeout: timeout, relativeBase: "http://169.254.170.2")
    }

    init(environment: [String: String], transport: any HTTPTransport, timeout: Duration, relativeBase: String) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
        self.relativeBase = relativeBase
    }

    /// The JSON the endpoint answers with.
    struct Document: Decodable {
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
        var Code: String?
        var Message: String?
    }

    /// The URL to call, or why there is none.
    func endpointURL() throws -> String {
        if let relative = nonEmpty(environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) {
            let url = relativeBase + (relative.hasPrefix("/") ? relative : "/" + relative)
            _ = try Self.parse(url, variable: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            return url
        }
        guard let full = nonEmpty(environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) else {
            throw CredentialProviderError.make(.notConfigured, "container", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set")
        }
        let parts = try Self.parse(full, variable: "AWS_CONTAINER_CREDENTIALS_FULL_URI")
        guard parts.scheme == "https" || Self.isAllowedHTTPHost(parts.bareHost) else {
            throw CredentialProviderError.make(.invalidConfiguration, "container", "AWS_CONTAINER_CREDENTIALS_FULL_URI may use http only with a loopback or container host, not \(parts.host)")
        }
        return full
    }

    /// `url` read by the library's one URL parser, or an `.invalidConfiguration` naming `variable`.
    private static func parse(_ url: String, variable: String) throws -> ServiceURL {
        do {
            return try ServiceURL(parsing: url)
        } catch {
            throw CredentialProviderError.make(.invalidConfiguration, "container", "\(variable) is not a usable URL: it \(error.reason)")
        }
    }

    /// Loopback literals (`127.0.0.0/8`, `::1`) and the container hosts.
    static func isAllowedHTTPHost(_ host: String) -> Bool {
        if allowedHTTPHosts.contains(host) { return true }
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }

    /// The authorization header value, if configured; the file wins over the variable.
    func authorizationToken() throws -> String? {
        var token: String?
        if let path = nonEmpty(environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]) {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw CredentialProviderError.make(.invalidConfiguration, "container", "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path)")
            }
            token = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        } else {
            token = nonEmpty(environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            throw CredentialProviderError.make(.invalidConfiguration, "container", "the container authorization token contains a line break")
        }
        return token
    }

    /// Calls the container endpoint and returns its credentials.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let source = "container"
        let url = try endpointURL()
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let token = try authorizationToken() { headers.add(name: "Authorization", value: token) }
        let response = try await CredentialHTTP.send(HTTPRequest(method: "GET", url: url, headers: headers), over: transport, timeout: timeout, source: source)
        let document = CredentialHTTP.decodeJSON(Document.self, from: response.body)
        guard response.status == 200 else {
            let detail = [document?.Code, document?.Message.map { String($0.prefix(200)) }].compactMap { $0 }.joined(separator: ": ")
            throw CredentialProviderError.make(.requestFailed, source, "the container endpoint answered HTTP \(response.status)\(detail.isEmpty ? "" : " " + detail)")
        }
        guard let document, let keyId = nonEmpty(document.AccessKeyId), let secret = nonEmpty(document.SecretAccessKey) else {
            throw CredentialProviderError.make(.invalidResponse, source, "the container endpoint answered without AccessKeyId and SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = parseISO8601(text) else {
                throw CredentialProviderError.make(.invalidResponse, source, "the container endpoint's Expiration is not an ISO 8601 time")
            }
            expiration = date
        }
        return ExpiringCredentials(AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: nonEmpty(document.Token)), expiration: expiration)
    }
}
