#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SSO access token the AWS CLI caches under `~/.aws/sso/cache/` after `aws sso login`,
/// refreshed with its refresh token when near expiry, the way botocore does it.
///
/// The file is named by the SHA-1 of the `sso-session` name (or, for a legacy profile, of the
/// start URL). For an `sso-session`, a token within 15 minutes of expiry is refreshed through
/// the OIDC `CreateToken` call (`grantType` `refresh_token`) and the file rewritten with the new
/// token, as the CLI does; a failed refresh falls back to the old token while it lasts.
/// Legacy profiles are not refreshed (the CLI writes no refresh token for them).
struct SSOTokenCache: Sendable {
    /// The file's fields, as the CLI writes them.
    struct Entry: Decodable {
        var startUrl: String?
        var region: String?
        var accessToken: String?
        var expiresAt: String?
        var clientId: String?
        var clientSecret: String?
        var registrationExpiresAt: String?
        var refreshToken: String?
    }

    /// The OIDC `CreateToken` answer.
    struct CreateTokenAnswer: Decodable {
        var accessToken: String?
        var expiresIn: Int?
        var refreshToken: String?
    }

    /// How long before expiry a refresh is attempted (botocore's window).
    static let refreshWindow: TimeInterval = 15 * 60

    /// The profile, named in the `aws sso login` hint.
    let profileName: String
    /// The `sso-session` name; `nil` for a legacy profile.
    let sessionName: String?
    let startURL: String
    let ssoRegion: String
    /// The OIDC base URL (`https://oidc.REGION.amazonaws.com`, or `AWS_ENDPOINT_URL_SSO_OIDC`).
    let oidcEndpoint: String
    /// `~/.aws/sso/cache`.
    let directory: String
    let transport: any HTTPTransport
    let timeout: Duration
    let now: @Sendable () -> Date

    static let source = "sso"

    /// The cache file's path.
    var path: String { directory + "/" + SHA1.hexDigest(sessionName ?? startURL) + ".json" }

    /// A valid access token, refreshed first when near expiry and possible.
    func accessToken() async throws -> String {
        guard let bytes = SharedConfiguration.readFile(path) else {
            throw loginRequired("no cached SSO token")
        }
        guard let entry = CredentialHTTP.decodeJSON(Entry.self, from: bytes),
              let token = nonEmpty(entry.accessToken),
              let expiresAt = entry.expiresAt.flatMap(Self.parseTime)
        else {
            throw loginRequired("the cached SSO token file is not valid")
        }
        let remaining = expiresAt.timeIntervalSince(now())
        if remaining < Self.refreshWindow, sessionName != nil, let refreshed = try await refresh(entry) {
            return refreshed
        }
        guard remaining > 0 else { throw loginRequired("the cached SSO token has expired") }
        return token
    }

    /// The `.ssoLoginRequired` error with the hint to log in again.
    func loginRequired(_ why: String) -> CredentialProviderError {
        .make(.ssoLoginRequired, "profile \(profileName)", "\(why): run aws sso login --profile \(profileName)")
    }

    /// A new access token from OIDC `CreateToken`, written back to the cache file; `nil` when
    /// the entry cannot be refreshed or the refresh fails (the caller then uses what it has).
    private func refresh(_ entry: Entry) async throws -> String? {
        guard let clientId = nonEmpty(entry.clientId), let clientSecret = nonEmpty(entry.clientSecret),
              let refreshToken = nonEmpty(entry.refreshToken),
              let registrationExpiry = entry.registrationExpiresAt.flatMap(Self.parseTime), registrationExpiry > now()
        else { return nil }
        var body = JSONBodyWriter()
        body.field("grantType", "refresh_token")
        body.field("clientId", clientId)
        body.field("clientSecret", clientSecret)
        body.field("refreshToken", refreshToken)
        var base = oidcEndpoint
        while base.hasSuffix("/") { base.removeLast() }
        let request = HTTPRequest(method: "POST", url: base + "/token", headers: ["Content-Type": "application/json"], body: body.finish())
        let response: HTTPResponse
        do {
            response = try await CredentialHTTP.send(request, over: transport, timeout: timeout, source: Self.source)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
        guard response.status == 200, let answer = CredentialHTTP.decodeJSON(CreateTokenAnswer.self, from: response.body),
              let accessToken = nonEmpty(answer.accessToken), let expiresIn = answer.expiresIn, expiresIn > 0
        else { return nil }
        var file = JSONBodyWriter()
        file.field("startUrl", startURL)
        file.field("region", ssoRegion)
        file.field("accessToken", accessToken)
        file.field("expiresAt", Self.timestamp(now().addingTimeInterval(TimeInterval(expiresIn))))
        file.field("clientId", clientId)
        file.field("clientSecret", clientSecret)
        file.field("registrationExpiresAt", entry.registrationExpiresAt)
        file.field("refreshToken", nonEmpty(answer.refreshToken) ?? refreshToken)
        write(file.finish())
        return accessToken
    }

    /// Replaces the cache file (owner-only, as the CLI keeps it); a failure to write leaves the
    /// new token usable for this process.
    private func write(_ bytes: [UInt8]) {
        let temporary = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else { return }
        // rename(2) replaces the old file atomically: a concurrent reader sees old or new.
        if rename(temporary, path) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }

    /// A cache file's time: ISO 8601 (`…Z`, as written today), or `…UTC` as older AWS CLI
    /// versions wrote `expiresAt`.
    static func parseTime(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("UTC") { return parseISO8601(trimmed.dropLast(3) + "Z") }
        return parseISO8601(trimmed)
    }

    /// `2026-12-01T22:00:00Z`, the CLI's format.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
