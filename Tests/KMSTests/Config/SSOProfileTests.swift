import Foundation
import Testing
@_spi(Testing) @testable import KMS
import KMSTestSupport

/// IAM Identity Center (SSO) profiles: the AWS CLI's token cache, the portal's
/// GetRoleCredentials and the OIDC refresh, against `credential_server.py` on 127.0.0.1.
@Suite struct SSOProfileTests {
    static let sessionConfig = """
    [profile dev]
    sso_session = corp
    sso_account_id = 123456789012
    sso_role_name = Developer
    region = eu-west-1
    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = eu-west-1
    sso_registration_scopes = sso:account:access
    [profile legacy]
    sso_start_url = https://legacy.awsapps.com/start
    sso_region = us-east-1
    sso_account_id = 210987654321
    sso_role_name = ReadOnly
    """

    /// A HOME with the config and, when given, a token cache entry named as the CLI names it.
    struct Sandbox {
        let directory: TemporaryDirectory
        let environment: [String: String]
        let cacheFile: String

        init(server: LoopbackCredentialServer, cacheKey: String = "corp", token: [String: String]?) throws {
            directory = try TemporaryDirectory()
            try directory.write(".aws/config", SSOProfileTests.sessionConfig)
            cacheFile = directory.path + "/.aws/sso/cache/" + SHA1.hexDigest(cacheKey) + ".json"
            if let token {
                let data = try JSONSerialization.data(withJSONObject: token)
                try directory.write(".aws/sso/cache/" + SHA1.hexDigest(cacheKey) + ".json", String(decoding: data, as: UTF8.self))
            }
            environment = [
                "HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_ENDPOINT_URL_SSO": server.baseURL, "AWS_ENDPOINT_URL_SSO_OIDC": server.baseURL,
            ]
        }

        func cached() throws -> [String: String] {
            let data = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
            return (try JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:]
        }
    }

    static func token(access: String, expiresIn seconds: TimeInterval, refresh: String? = "sso-refresh-original") -> [String: String] {
        var token = [
            "startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", "accessToken": access,
            "expiresAt": isoText(Date().addingTimeInterval(seconds)),
        ]
        if let refresh {
            token["refreshToken"] = refresh
            token["clientId"] = "client-id-1"
            token["clientSecret"] = "client-secret-value"
            token["registrationExpiresAt"] = isoText(Date().addingTimeInterval(86400 * 30))
        }
        return token
    }

    static func calls(_ key: String, _ server: LoopbackCredentialServer, _ transport: any HTTPTransport) async throws -> [[String: Any]] {
        (try await server.stats(using: transport)[key] as? [[String: Any]]) ?? []
    }

    @Test("SHA-1 names cache files as the CLI does (FIPS 180 vectors)")
    func sha1() {
        #expect(SHA1.hexDigest("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(SHA1.hexDigest(String(repeating: "a", count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test("a fresh cached token is traded at the portal for the role's credentials, without a refresh")
    func freshToken() async throws {
        let server = try await LoopbackCredentialServer.start(["--sso-token", "sso-access-fresh"])
        defer { server.stop() }
        let sandbox = try Sandbox(server: server, token: Self.token(access: "sso-access-fresh", expiresIn: 3600))
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let before = try sandbox.cached()

        let result = try await ProfileCredentialProvider(profile: "dev", environment: sandbox.environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIASSO"))
        #expect(result.credentials.sessionToken?.hasPrefix("fake-session-token-") == true)
        let expiration = try #require(result.expiration)
        #expect(abs(expiration.timeIntervalSinceNow - 3600) < 60)
        let portal = try await Self.calls("sso_calls", server, transport)
        #expect(portal.count == 1)
        #expect(portal.first?["query"] as? [String: String] == ["role_name": "Developer", "account_id": "123456789012"])
        #expect(portal.first?["tokenAccepted"] as? Bool == true)
        #expect(try await Self.calls("oidc_calls", server, transport).isEmpty)
        #expect(try sandbox.cached() == before)
    }

    @Test("an expired token is refreshed through OIDC CreateToken and the cache file rewritten")
    func expiredTokenRefreshed() async throws {
        let server = try await LoopbackCredentialServer.start(["--sso-refresh-token", "sso-refresh-original"])
        defer { server.stop() }
        let sandbox = try Sandbox(server: server, token: Self.token(access: "sso-access-stale", expiresIn: -600))
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }

        let result = try await ProfileCredentialProvider(profile: "dev", environment: sandbox.environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIASSO"))
        let oidc = try await Self.calls("oidc_calls", server, transport)
        #expect(oidc.count == 1)
        #expect(oidc.first?["grantType"] as? String == "refresh_token")
        #expect(oidc.first?["clientId"] as? String == "client-id-1")
        #expect(oidc.first?["refreshTokenAccepted"] as? Bool == true)
        #expect(oidc.first?["contentType"] as? String == "application/json")
        #expect(try await Self.calls("sso_calls", server, transport).first?["tokenAccepted"] as? Bool == true)

        let rewritten = try sandbox.cached()
        #expect(rewritten["accessToken"] == "sso-access-refreshed-1")
        #expect(rewritten["refreshToken"] == "sso-refresh-rotated-1")
        #expect(rewritten["clientId"] == "client-id-1")
        #expect(rewritten["clientSecret"] == "client-secret-value")
        #expect(rewritten["startUrl"] == "https://corp.awsapps.com/start")
        #expect(rewritten["region"] == "eu-west-1")
        let expiresAt = try #require(rewritten["expiresAt"].flatMap(parseISO8601))
        #expect(abs(expiresAt.timeIntervalSinceNow - 3600) < 60)
        let permissions = try FileManager.default.attributesOfItem(atPath: sandbox.cacheFile)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test("a token near expiry whose refresh fails is still used while it lasts")
    func refreshFailureFallsBack() async throws {
        let server = try await LoopbackCredentialServer.start(["--sso-token", "sso-access-nearly", "--sso-refresh-token", "some-other-refresh-token"])
        defer { server.stop() }
        let sandbox = try Sandbox(server: server, token: Self.token(access: "sso-access-nearly", expiresIn: 300))
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let result = try await ProfileCredentialProvider(profile: "dev", environment: sandbox.environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIASSO"))
        #expect(try await Self.calls("oidc_calls", server, transport).first?["refreshTokenAccepted"] as? Bool == false)
        #expect(try sandbox.cached()["accessToken"] == "sso-access-nearly")
    }

    struct LoginCase: Sendable, CustomTestStringConvertible {
        let name: String
        let token: [String: String]?
        var testDescription: String { name }
    }

    @Test("nothing valid cached: a typed error telling the user to run aws sso login", arguments: [
        LoginCase(name: "no cache file", token: nil),
        LoginCase(name: "expired, no refresh token", token: SSOProfileTests.token(access: "sso-access-old", expiresIn: -60, refresh: nil)),
        LoginCase(name: "expired, refresh refused", token: SSOProfileTests.token(access: "sso-access-old", expiresIn: -60, refresh: "revoked-refresh")),
        LoginCase(name: "valid-looking token the portal refuses", token: SSOProfileTests.token(access: "sso-access-unknown", expiresIn: 3600)),
        LoginCase(name: "cache file that is not a token", token: ["hello": "world"]),
    ])
    func loginRequired(_ testCase: LoginCase) async throws {
        let server = try await LoopbackCredentialServer.start(["--sso-refresh-token", "sso-refresh-original"])
        defer { server.stop() }
        let sandbox = try Sandbox(server: server, token: testCase.token)
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let chain = DefaultCredentialChain(profile: "dev", environment: sandbox.environment, transport: transport)
        let error = await #expect(throws: CredentialProviderError.self) { try await chain.credentials() }
        #expect(error?.code == .ssoLoginRequired, "\(String(describing: error))")
        #expect(error?.message.contains("aws sso login --profile dev") == true)
        let text = "\(String(describing: error))"
        for secret in ["sso-access-old", "sso-access-unknown", "revoked-refresh", "client-secret-value"] {
            #expect(!text.contains(secret), "\(text)")
        }
    }

    @Test("a legacy profile (sso_start_url in the profile) reads the cache named after the start URL, old time format too")
    func legacyProfile() async throws {
        let server = try await LoopbackCredentialServer.start(["--sso-token", "sso-access-legacy"])
        defer { server.stop() }
        let sandbox = try Sandbox(server: server, cacheKey: "https://legacy.awsapps.com/start",
                                  token: ["startUrl": "https://legacy.awsapps.com/start", "region": "us-east-1",
                                          // Older CLIs wrote `UTC` rather than `Z`.
                                          "accessToken": "sso-access-legacy", "expiresAt": isoText(Date().addingTimeInterval(3600)).replacingOccurrences(of: "Z", with: "UTC")])
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let result = try await ProfileCredentialProvider(profile: "legacy", environment: sandbox.environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIASSO"))
        #expect(try await Self.calls("sso_calls", server, transport).first?["query"] as? [String: String] == ["role_name": "ReadOnly", "account_id": "210987654321"])
    }

    @Test("incomplete or conflicting SSO settings are configuration errors, found before any request")
    func badSettings() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".aws/config", """
            [profile nosession]
            sso_session = missing
            sso_account_id = 1
            sso_role_name = R
            [profile norole]
            sso_session = corp
            sso_account_id = 1
            [profile clash]
            sso_session = corp
            sso_start_url = https://other.awsapps.com/start
            sso_account_id = 1
            sso_role_name = R
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            """)
        for (profile, part) in [("nosession", "sso-session missing"), ("norole", "sso_role_name"), ("clash", "sso_start_url differs")] {
            let error = await #expect(throws: CredentialProviderError.self) {
                try await ProfileCredentialProvider(profile: profile, environment: ["HOME": directory.path], transport: FakeTransport.unreachable()).expiringCredentials()
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains(part) == true, "\(String(describing: error))")
        }
    }

    @Test("endpoints default to the SSO region's portal and OIDC hosts")
    func defaultEndpoints() throws {
        let shared = SharedConfiguration(configFile: SharedConfigFile.parse(Self.sessionConfig, kind: .config), profileName: "dev")
        let provider = try SSOCredentialProvider(profile: "dev", shared: shared, environment: ["HOME": "/nonexistent"], transport: FakeTransport.unreachable())
        #expect(provider.portalEndpoint == "https://portal.sso.eu-west-1.amazonaws.com")
        #expect(provider.tokenCache.oidcEndpoint == "https://oidc.eu-west-1.amazonaws.com")
        #expect(provider.tokenCache.path == "/nonexistent/.aws/sso/cache/" + SHA1.hexDigest("corp") + ".json")
        #expect(!"\(provider)".contains("token"))
    }
}
