import Foundation
import Testing
@_spi(Testing) @testable import KMS
import KMSTestSupport
import AWSSigV4
import CurlHTTP

/// Container, instance metadata and web identity sources: request shapes against fake
/// transports, then the real flows against `credential_server.py` on 127.0.0.1.
@Suite struct ContainerCredentialProviderTests {
    static let expiration = Date(timeIntervalSince1970: 1_893_553_445)

    @Test func relativeURIGoesToTheContainerHost() async throws {
        let transport = FakeTransport { _ in HTTPResponse(status: 200, body: credentialsJSON(keyId: "ASIAREL", expiration: Self.expiration)) }
        let provider = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"], transport: transport)
        let result = try await provider.expiringCredentials()
        #expect(result.credentials == AWSCredentials(accessKeyId: "ASIAREL", secretAccessKey: "fake-secret", sessionToken: "fake-token"))
        #expect(result.expiration == Self.expiration)
        #expect(transport.requests.map(\.url) == ["http://169.254.170.2/v2/credentials/abc"])
        #expect(transport.requests.first?.headers[first: "Authorization"] == nil)
    }

    struct FullURICase: Sendable, CustomTestStringConvertible {
        let uri: String
        let allowed: Bool
        var testDescription: String { uri }
    }

    @Test(arguments: [
        FullURICase(uri: "http://127.0.0.1:8080/creds", allowed: true),
        FullURICase(uri: "http://127.1.2.3/creds", allowed: true),
        FullURICase(uri: "http://[::1]:9/creds", allowed: true),
        FullURICase(uri: "http://localhost/creds", allowed: true),
        FullURICase(uri: "http://169.254.170.2/creds", allowed: true),
        FullURICase(uri: "http://169.254.170.23/v1/credentials", allowed: true),
        FullURICase(uri: "http://[fd00:ec2::23]/v1/credentials", allowed: true),
        FullURICase(uri: "https://creds.example.com/x", allowed: true),
        FullURICase(uri: "http://creds.example.com/x", allowed: false),
        FullURICase(uri: "http://10.0.0.1/x", allowed: false),
        FullURICase(uri: "http://127.0.0.1.example.com/x", allowed: false),
        FullURICase(uri: "http://user@192.168.1.1/x", allowed: false),
        FullURICase(uri: "ftp://127.0.0.1/x", allowed: false),
        FullURICase(uri: "not a url", allowed: false),
    ])
    func fullURIHostRules(_ testCase: FullURICase) async {
        let transport = FakeTransport { _ in HTTPResponse(status: 200, body: credentialsJSON(keyId: "ASIAFULL", expiration: Self.expiration)) }
        let provider = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": testCase.uri], transport: transport)
        do {
            _ = try await provider.expiringCredentials()
            #expect(testCase.allowed)
            #expect(transport.requests.map(\.url) == [testCase.uri])
        } catch let error as CredentialProviderError {
            #expect(!testCase.allowed, "\(error)")
            #expect(error == .invalidConfiguration)
            #expect(transport.requests.isEmpty)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func tokenFileWinsOverTokenAndIsReadEachTime() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tokenFile = try directory.write("token", "file-token-1\n")
        let transport = FakeTransport { _ in HTTPResponse(status: 200, body: credentialsJSON(keyId: "ASIATOK", expiration: Self.expiration)) }
        let provider = ContainerCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
        ], transport: transport)
        _ = try await provider.expiringCredentials()
        try directory.write("token", "file-token-2")
        _ = try await provider.expiringCredentials()
        #expect(transport.requests.map { $0.headers[first: "Authorization"] } == ["file-token-1", "file-token-2"])

        let envOnly = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token"], transport: transport)
        _ = try await envOnly.expiringCredentials()
        #expect(transport.requests.last?.headers[first: "Authorization"] == "env-token")
    }

    @Test func errorsAreTypedAndCarryNoSecrets() async {
        let cases: [(HTTPResponse, CredentialProviderError)] = [
            (HTTPResponse(status: 401, body: Array(#"{"Code": "AccessDenied", "Message": "nope"}"#.utf8)), .requestFailed),
            (HTTPResponse(status: 200, body: Array("<html>proxy</html>".utf8)), .invalidResponse),
            (HTTPResponse(status: 200, body: Array(#"{"AccessKeyId": "A", "SecretAccessKey": "fake-secret", "Expiration": "whenever"}"#.utf8)), .invalidResponse),
        ]
        for (response, expected) in cases {
            let provider = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c"], transport: FakeTransport { _ in response })
            await #expect(throws: expected) { try await provider.expiringCredentials() }
            do { _ = try await provider.expiringCredentials() } catch { #expect(!"\(error)".contains("fake-secret")) }
        }
        let notSet = ContainerCredentialProvider(environment: [:], transport: FakeTransport.unreachable())
        await #expect(throws: CredentialProviderError.notConfigured) { try await notSet.expiringCredentials() }
    }

    @Test func aHangingEndpointTimesOut() async {
        let provider = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c"],
                                                   transport: FakeTransport { _ in try await Task.sleep(for: .seconds(30)); return HTTPResponse(status: 200) },
                                                   timeout: .milliseconds(200))
        let started = Date()
        await #expect(throws: CredentialProviderError.unreachable) { try await provider.expiringCredentials() }
        #expect(Date().timeIntervalSince(started) < 15)  // the fake answers after 30 s
    }

    @Test func againstALoopbackEndpointWithAToken() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await LoopbackCredentialServer.start(["--auth-token", "Bearer good-token"])
        defer { server.stop() }
        let transport = loopbackTransport()
        let url = server.baseURL + "/container/v1/credentials"
        let good = try directory.write("good", "Bearer good-token")
        let bad = try directory.write("bad", "Bearer wrong")

        let ok = try await ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": good], transport: transport).expiringCredentials()
        #expect(ok.credentials.accessKeyId.hasPrefix("ASIACONT"))
        #expect(ok.credentials.sessionToken != nil)
        #expect(ok.expiration.map { $0 > Date() } == true)

        let viaVariable = try await ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer good-token"], transport: transport).expiringCredentials()
        #expect(viaVariable.credentials.accessKeyId != ok.credentials.accessKeyId)

        await #expect(throws: CredentialProviderError.requestFailed) {
            try await ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": bad], transport: transport).expiringCredentials()
        }
        #expect(try await server.count("container", using: transport) == 3)
        await transport.shutdown()
    }
}

@Suite struct InstanceMetadataCredentialProviderTests {
    static let expiration = Date(timeIntervalSince1970: 1_893_553_445)

    /// A scripted IMDS: token status, whether tokens are checked, and a 401 on the first GET.
    static func fakeIMDS(tokenStatus: Int = 200, firstGetUnauthorized: Bool = false) -> FakeTransport {
        let gets = Counter()
        return FakeTransport { request in
            switch (request.method, request.url) {
            case ("PUT", "http://169.254.169.254/latest/api/token"):
                #expect(request.headers[first: "X-aws-ec2-metadata-token-ttl-seconds"] == "21600")
                return HTTPResponse(status: tokenStatus, body: tokenStatus == 200 ? Array("tok".utf8) : [])
            case ("GET", let url) where url.hasPrefix("http://169.254.169.254/latest/meta-data/iam/security-credentials/"):
                if firstGetUnauthorized && gets.next() == 1 { return HTTPResponse(status: 401) }
                if tokenStatus == 200 { #expect(request.headers[first: "X-aws-ec2-metadata-token"] == "tok") }
                else { #expect(request.headers[first: "X-aws-ec2-metadata-token"] == nil) }
                if url.hasSuffix("/") { return HTTPResponse(status: 200, body: Array("my-role\nother-role\n".utf8)) }
                #expect(url.hasSuffix("/my-role"))
                return HTTPResponse(status: 200, body: credentialsJSON(keyId: "ASIAFAKEIMDS", expiration: Self.expiration, code: "Success"))
            default:
                Issue.record("unexpected \(request.method) \(request.url)")
                return HTTPResponse(status: 404)
            }
        }
    }

    @Test func tokenThenRoleThenCredentials() async throws {
        let transport = Self.fakeIMDS()
        let result = try await InstanceMetadataCredentialProvider(transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId == "ASIAFAKEIMDS")
        #expect(result.expiration == Self.expiration)
        #expect(transport.requests.map(\.method) == ["PUT", "GET", "GET"])
    }

    @Test(arguments: [403, 404, 405])
    func fallsBackToIMDSv1WhenTokensAreUnavailable(_ status: Int) async throws {
        let transport = Self.fakeIMDS(tokenStatus: status)
        let result = try await InstanceMetadataCredentialProvider(transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId == "ASIAFAKEIMDS")
        let strict = InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_V1_DISABLED": "true"], transport: Self.fakeIMDS(tokenStatus: status))
        await #expect(throws: CredentialProviderError.requestFailed) { try await strict.expiringCredentials() }
    }

    @Test func aRefusedTokenIsRenewedOnce() async throws {
        let transport = Self.fakeIMDS(firstGetUnauthorized: true)
        _ = try await InstanceMetadataCredentialProvider(transport: transport).expiringCredentials()
        #expect(transport.requests.map(\.method) == ["PUT", "GET", "PUT", "GET", "GET"])
    }

    @Test func settingsFromTheEnvironmentAndProfile() {
        let transport = FakeTransport.unreachable()
        #expect(InstanceMetadataCredentialProvider(environment: [:], transport: transport).endpoint == "http://169.254.169.254")
        #expect(InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"], transport: transport).endpoint == "http://[fd00:ec2::254]")
        #expect(InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9/"], transport: transport).endpoint == "http://127.0.0.1:9")
        let shared = SharedConfiguration(configFile: SharedConfigFile.parse("[default]\nec2_metadata_service_endpoint = http://127.0.0.1:7\n", kind: .config))
        #expect(InstanceMetadataCredentialProvider(environment: [:], shared: shared, transport: transport).endpoint == "http://127.0.0.1:7")
        #expect(InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_DISABLED": "TRUE"], transport: transport).disabled)
    }

    @Test func disabledMeansNotConfiguredAndNoRequest() async {
        let provider = InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_DISABLED": "true"], transport: FakeTransport.unreachable())
        await #expect(throws: CredentialProviderError.notConfigured) { try await provider.expiringCredentials() }
    }

    @Test func againstALoopbackIMDS() async throws {
        let server = try await LoopbackCredentialServer.start(["--expiry-seconds", "900"])
        defer { server.stop() }
        let transport = loopbackTransport()
        let provider = InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL], transport: transport)
        let first = try await provider.expiringCredentials()
        #expect(first.credentials.accessKeyId.hasPrefix("ASIAIMDS"))
        let lifetime = first.expiration.map { $0.timeIntervalSinceNow } ?? 0
        #expect(lifetime > 800 && lifetime <= 901)
        // Tokens expire server-side: the provider gets a new one and carries on.
        try await server.control(["expire_tokens": true], using: transport)
        let second = try await provider.expiringCredentials()
        #expect(second.credentials.accessKeyId != first.credentials.accessKeyId)
        let counts = try await server.stats(using: transport)["counts"] as? [String: Int]
        #expect(counts?["token"] == 2)  // kept between fetches, renewed once after the 401
        #expect(counts?["unauthorized"] == 1)
        #expect(counts?["creds"] == 2)
        await transport.shutdown()
    }
}

@Suite struct WebIdentityCredentialProviderTests {
    static let roleArn = "arn:aws:iam::123456789012:role/web-role"

    @Test func theRequestIsAnUnsignedFormPost() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tokenFile = try directory.write("token", "eyJ.fake+token/=\n")
        let expiration = "2030-01-02T03:04:05Z"
        let transport = FakeTransport { _ in
            HTTPResponse(status: 200, body: Array("""
            <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>
            <AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey>
            <SessionToken>tok&amp;en&#x2F;1</SessionToken><Expiration>\(expiration)</Expiration>
            </Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>
            """.utf8))
        }
        let provider = WebIdentityCredentialProvider(roleArn: Self.roleArn, tokenFilePath: tokenFile, sessionName: "my session",
                                                     stsEndpoint: "https://sts.eu-west-1.amazonaws.com/", transport: transport)
        let result = try await provider.expiringCredentials()
        #expect(result.credentials == AWSCredentials(accessKeyId: "ASIAWEB", secretAccessKey: "web-secret", sessionToken: "tok&en/1"))
        #expect(result.expiration == Date(timeIntervalSince1970: 1_893_553_445))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(request.headers[first: "Authorization"] == nil)
        #expect(request.headers[first: "Content-Type"]?.hasPrefix("application/x-www-form-urlencoded") == true)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb-role&RoleSessionName=my%20session&WebIdentityToken=eyJ.fake%2Btoken%2F%3D")
    }

    @Test(arguments: [
        ("us-west-2", [String: String](), "https://sts.us-west-2.amazonaws.com"),
        ("cn-north-1", [:], "https://sts.cn-north-1.amazonaws.com.cn"),
        ("us-isob-east-1", [:], "https://sts.us-isob-east-1.sc2s.sgov.gov"),
        ("", [:], "https://sts.amazonaws.com"),
        ("us-west-2", ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5"], "http://127.0.0.1:5"),
        ("us-west-2", ["AWS_ENDPOINT_URL": "http://127.0.0.1:6"], "http://127.0.0.1:6"),
    ])
    func stsEndpoint(_ region: String, _ environment: [String: String], _ expected: String) {
        #expect(WebIdentityCredentialProvider.stsEndpoint(region: region.isEmpty ? nil : region, environment: environment, shared: SharedConfiguration()) == expected)
    }

    @Test func againstALoopbackSTS() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await LoopbackCredentialServer.start(["--web-identity-token", "good-oidc-token"])
        defer { server.stop() }
        let transport = loopbackTransport()
        let tokenFile = try directory.write("token", "good-oidc-token")
        let endpoint = WebIdentityCredentialProvider.stsEndpoint(region: "us-east-1", environment: ["AWS_ENDPOINT_URL_STS": server.baseURL + "/sts/"], shared: SharedConfiguration())
        let provider = WebIdentityCredentialProvider(roleArn: Self.roleArn, tokenFilePath: tokenFile, sessionName: "s1", stsEndpoint: endpoint, transport: transport)
        let result = try await provider.expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIASTS"))
        #expect(result.credentials.sessionToken?.isEmpty == false)
        let last = try await server.stats(using: transport)["last"] as? [String: Any]
        let form = last?["sts_form"] as? [String: String]
        #expect(form?["RoleArn"] == Self.roleArn)
        #expect(form?["RoleSessionName"] == "s1")
        #expect(last?["sts_token_matches"] as? Bool == true)

        // A token STS refuses: a typed error with STS's code, and no token in the text.
        try directory.write("token", "rejected-oidc-token")
        do {
            _ = try await provider.expiringCredentials()
            Issue.record("expected a failure")
        } catch let error as CredentialProviderError {
            #expect(error == .requestFailed)
            #expect("\(error)".contains("InvalidIdentityToken"))
            #expect(!"\(error)".contains("rejected-oidc-token"))
        }
        await transport.shutdown()
    }

    @Test func aMissingTokenFileIsAConfigurationError() async {
        let provider = WebIdentityCredentialProvider(roleArn: Self.roleArn, tokenFilePath: "/nonexistent/token", stsEndpoint: "http://127.0.0.1:1", transport: FakeTransport.unreachable())
        await #expect(throws: CredentialProviderError.invalidConfiguration) { try await provider.expiringCredentials() }
    }
}
