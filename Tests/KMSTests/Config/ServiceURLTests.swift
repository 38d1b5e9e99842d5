import Foundation
import Testing

@_spi(Testing) @testable import KMS
import AWSSigV4
import CurlHTTP
import KMSTestSupport

/// Every URL the library sends to (the KMS endpoint, STS for assume-role and web identity, the
/// SSO portal, the container credential URL, instance metadata) is read by one parser, so the
/// same text means the same thing wherever it is configured. Before, the endpoint parser and
/// the credential sources' parser disagreed on user info, paths and port 0.
@Suite("One URL parser for KMS, STS, SSO, container and metadata URLs")
struct ServiceURLTests {
    @Test("the parts it reads", arguments: [
        ("HTTP://[::1]:8080/a/b?x=1", "http", "[::1]", 8080, "/a/b?x=1", "http://[::1]:8080", "http://[::1]:8080/a/b?x=1"),
        ("https://KMS.Example.COM", "https", "kms.example.com", nil, "", "https://kms.example.com", "https://kms.example.com"),
        ("http://127.0.0.1:80/", "http", "127.0.0.1", 80, "/", "http://127.0.0.1:80", "http://127.0.0.1:80"),
        ("http://127.0.0.1:9/sts//", "http", "127.0.0.1", 9, "/sts//", "http://127.0.0.1:9", "http://127.0.0.1:9/sts"),
    ] as [(String, String, String, Int?, String, String, String)])
    func parts(text: String, scheme: String, host: String, port: Int?, pathAndQuery: String, root: String, base: String) throws {
        let url = try ServiceURL(parsing: text)
        #expect(url.scheme == scheme)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.pathAndQuery == pathAndQuery)
        #expect(url.root == root)
        #expect(url.base == base)
    }

    @Test("a bare host is https only where the caller allows it (the KMS endpoint)")
    func bareHost() throws {
        #expect(throws: ServiceURL.Refusal.self) { try ServiceURL(parsing: "kms.example.com:8443") }
        let url = try ServiceURL(parsing: "kms.example.com:8443", allowsBareHost: true)
        #expect(url.root == "https://kms.example.com:8443")
    }

    /// Texts every user refuses, and a word of the reason each reports.
    static let refusedTexts: [(String, String)] = [
        ("http://user:pass@127.0.0.1:4566", "user info"),
        ("http://169.254.170.2@127.0.0.1:4566", "user info"),
        ("http://127.0.0.1:0", "port"),
        ("http://127.0.0.1:65536", "port"),
        ("http://127.0.0.1:4566#fragment", "fragment"),
        ("ftp://127.0.0.1:4566", "scheme"),
        ("http://127.0.0.1:4566\r\nX-Injected: 1", "control"),
        ("http://[::1:4566", "IPv6"),
        ("http://", "host is empty"),
        ("http://127.0.0.1:4566\\@evil.example", "backslash"),
    ]

    @Test("refused the same way by every user of a URL, before any request", arguments: refusedTexts)
    func refusedEverywhere(text: String, reason: String) async throws {
        do {
            _ = try ServiceURL(parsing: text)
            Issue.record("the parser accepted \(text)")
        } catch {
            #expect(error.reason.contains(reason))
        }

        // The KMS endpoint, given in code or resolved from the environment and profile.
        do {
            _ = try AWSEndpoint(parsing: text)
            Issue.record("AWSEndpoint accepted \(text)")
        } catch {
            #expect(error.code == .invalidEndpoint && error.message.contains(reason))
        }
        do {
            _ = try KMSEndpointResolver.resolve(explicit: nil, region: "us-east-1", environment: ["AWS_ENDPOINT_URL_KMS": text], shared: SharedConfiguration())
            Issue.record("the KMS endpoint resolver accepted \(text)")
        } catch let error as EndpointResolutionError {
            #expect(error.code == .invalidEndpointURL && error.message.contains(reason))
        }

        // The credential sources: each fails with .invalidConfiguration and sends nothing.
        let nothingSent = FakeTransport.unreachable()
        let keys = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDURLTEST", secretAccessKey: "url-test-secret"))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tokenFile = try directory.write("token", "oidc-token")
        let sources: [(String, () async throws -> Void)] = [
            ("assume role", {
                _ = try await AssumeRoleCredentialProvider(roleArn: "arn:aws:iam::1:role/r", source: keys, stsEndpoint: text, region: "us-east-1",
                                                           transport: nothingSent).expiringCredentials()
            }),
            ("web identity", {
                _ = try await WebIdentityCredentialProvider(roleArn: "arn:aws:iam::1:role/r", tokenFilePath: tokenFile, stsEndpoint: text,
                                                            transport: nothingSent).expiringCredentials()
            }),
            ("container", {
                _ = try await ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": text], transport: nothingSent).expiringCredentials()
            }),
            ("instance metadata", {
                _ = try await InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": text], transport: nothingSent).expiringCredentials()
            }),
            ("SSO portal", {
                let config = SharedConfigFile.parse("""
                    [profile sso]
                    sso_start_url = https://corp.awsapps.com/start
                    sso_region = eu-west-1
                    sso_account_id = 123456789012
                    sso_role_name = Developer
                    """, kind: .config)
                _ = try SSOCredentialProvider(profile: "sso", shared: SharedConfiguration(configFile: config, profileName: "sso"),
                                              environment: ["AWS_ENDPOINT_URL_SSO": text], transport: nothingSent)
            }),
        ]
        for (name, source) in sources {
            do {
                try await source()
                Issue.record("\(name) accepted \(text)")
            } catch let error as CredentialProviderError {
                #expect(error == .invalidConfiguration, "\(name): \(error)")
                #expect(error.message.contains(reason), "\(name): \(error.message)")
            }
        }
        #expect(nothingSent.requests.isEmpty)
    }

    @Test("signed services take a root; unsigned ones keep a path prefix; the container URL is sent as written")
    func paths() async throws {
        // KMS and assume-role STS are signed over the path `/`: a path is refused, at resolution too.
        #expect(throws: AWSConfigError.invalidEndpoint) { try AWSEndpoint(parsing: "http://127.0.0.1:4566/kms") }
        #expect(throws: EndpointResolutionError.self) {
            try KMSEndpointResolver.resolve(explicit: nil, region: "us-east-1", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566/kms"],
                                            shared: SharedConfiguration())
        }
        // Instance metadata and web identity append their paths to the prefix, without doubled `/`.
        let metadata = InstanceMetadataCredentialProvider(endpoint: "http://127.0.0.1:9/imds/", transport: FakeTransport.unreachable())
        #expect(metadata.endpoint == "http://127.0.0.1:9/imds")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = FakeTransport { _ in HTTPResponse(status: 503) }
        _ = try? await WebIdentityCredentialProvider(roleArn: "arn:aws:iam::1:role/r", tokenFilePath: try directory.write("token", "oidc-token"),
                                                     stsEndpoint: "http://127.0.0.1:9/sts//", transport: sts).expiringCredentials()
        #expect(sts.requests.map(\.url) == ["http://127.0.0.1:9/sts/"])
        // The container URL is a full URL: path and query are the provider's to keep.
        let container = FakeTransport { _ in HTTPResponse(status: 503) }
        _ = try? await ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/creds?id=7"],
                                                   transport: container).expiringCredentials()
        #expect(container.requests.first?.url == "http://127.0.0.1:9/creds?id=7")
    }
}
