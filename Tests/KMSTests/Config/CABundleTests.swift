import Foundation
import Testing
@testable import KMS
import KMSTestSupport
import AWSSigV4
import CurlHTTP

/// Trusting a private certificate authority: `AWS_CA_BUNDLE`, the profile's `ca_bundle` and
/// `AWSConfig.caBundlePath`, checked when the configuration is built and used for KMS and for
/// every call the credential chain makes.
@Suite struct CABundleTests {
    static let pem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"

    @Test("the bundle is taken from the argument, else AWS_CA_BUNDLE, else the profile's ca_bundle (with ~ expanded)")
    func resolutionOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let explicit = try directory.write("explicit.pem", Self.pem)
        let fromEnvironment = try directory.write("env.pem", Self.pem)
        try directory.write("profile.pem", Self.pem)
        try directory.write(".aws/config", "[default]\nregion = eu-west-1\nca_bundle = ~/profile.pem\n")
        let base = ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true"]

        #expect(try AWSConfig.load(environment: base).caBundlePath == directory.path + "/profile.pem")
        #expect(try AWSConfig.load(environment: base.merging(["AWS_CA_BUNDLE": fromEnvironment]) { $1 }).caBundlePath == fromEnvironment)
        #expect(try AWSConfig.load(caBundlePath: explicit, environment: base.merging(["AWS_CA_BUNDLE": fromEnvironment]) { $1 }).caBundlePath == explicit)
        try directory.write(".aws/config", "[default]\nregion = eu-west-1\n")
        #expect(try AWSConfig.load(environment: base).caBundlePath == nil)
    }

    @Test("a bundle that is missing, a directory, or not PEM is a typed configuration error naming where it was set")
    func badBundles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let notPEM = try directory.write("not.pem", "just text\n")
        try directory.write(".aws/config", "[default]\nregion = eu-west-1\n[profile corp]\nregion = eu-west-1\nca_bundle = \(notPEM)\n")
        let base = ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true"]
        let cases: [([String: String], String?, String)] = [
            (["AWS_CA_BUNDLE": directory.path + "/absent.pem"], nil, "AWS_CA_BUNDLE"),
            (["AWS_CA_BUNDLE": directory.path], nil, "AWS_CA_BUNDLE"),
            (["AWS_CA_BUNDLE": notPEM], nil, "no PEM certificate"),
            ([:], "corp", "profile corp ca_bundle"),
        ]
        for (environment, profile, part) in cases {
            let error = #expect(throws: AWSConfigError.self) {
                try AWSConfig.load(profile: profile, environment: base.merging(environment) { $1 })
            }
            #expect(error == .invalidCABundle)
            #expect(error?.message.contains(part) == true, "\(String(describing: error))")
        }
        var http = CurlHTTPClient.Configuration()
        http.caBundlePath = directory.path + "/absent.pem"
        #expect(throws: AWSConfigError.invalidCABundle) {
            try AWSConfig(region: "eu-west-1", credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDX", secretAccessKey: "s")), httpConfiguration: http)
        }
    }

    enum Trust: String, CaseIterable, Sendable {
        case environment = "AWS_CA_BUNDLE"
        case profile = "ca_bundle"
    }

    /// An assume-role profile whose STS and KMS are the same https stand-in with a certificate
    /// of its own.
    static func httpsSandbox(_ server: LoopbackCredentialServer, trust: Trust?) throws -> (TemporaryDirectory, [String: String]) {
        let directory = try TemporaryDirectory()
        let caBundle = try #require(server.caBundlePath)
        try directory.write(".aws/config", """
            [profile base]
            aws_access_key_id = AKIDBASEUSER
            aws_secret_access_key = base-user-secret
            [profile app]
            role_arn = arn:aws:iam::222222222222:role/app
            source_profile = base
            region = eu-west-1
            \(trust == .profile ? "ca_bundle = \(caBundle)" : "")
            """)
        var environment = ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": server.baseURL, "AWS_PROFILE": "app"]
        if trust == .environment { environment["AWS_CA_BUNDLE"] = caBundle }
        return (directory, environment)
    }

    @Test("trusted through AWS_CA_BUNDLE or ca_bundle, STS AssumeRole and KMS both work over https", arguments: Trust.allCases)
    func trustedPrivateCA(_ trust: Trust) async throws {
        let tls = try TemporaryDirectory()
        defer { tls.remove() }
        let server = try await LoopbackCredentialServer.start(["--tls", tls.path])
        defer { server.stop() }
        let (home, environment) = try Self.httpsSandbox(server, trust: trust)
        defer { home.remove() }

        let config = try AWSConfig.load(environment: environment)
        #expect(config.caBundlePath == server.caBundlePath)
        let client = KMSClient(config: config)
        let dataKey = try await client.generateDataKey(id: "1234abcd-12ab-34cd-56ef-1234567890ab", size: 32)
        await client.shutdown()
        #expect(dataKey.id.hasSuffix("1234abcd-12ab-34cd-56ef-1234567890ab"))

        var inspection = CurlHTTPClient.Configuration()
        inspection.caBundlePath = server.caBundlePath
        let inspector = CurlHTTPClient(configuration: inspection)
        let stats = try await server.stats(using: inspector)
        await inspector.shutdown()
        let assumes = (stats["assume_calls"] as? [[String: Any]]) ?? []
        let kmsCalls = (stats["kms_calls"] as? [[String: Any]]) ?? []
        #expect(assumes.map { $0["signedBy"] as? String } == ["AKIDBASEUSER"])
        #expect(kmsCalls.count == 1)
        #expect(kmsCalls.first?["signedBy"] as? String == "ASIAROLE0001")
        #expect(kmsCalls.first?["hasSessionToken"] as? Bool == true)
    }

    @Test("without the bundle the same server is refused: a TLS failure for STS, reported by the chain, and for KMS")
    func untrustedPrivateCA() async throws {
        let tls = try TemporaryDirectory()
        defer { tls.remove() }
        let server = try await LoopbackCredentialServer.start(["--tls", tls.path])
        defer { server.stop() }
        let (home, environment) = try Self.httpsSandbox(server, trust: nil)
        defer { home.remove() }

        let config = try AWSConfig.load(environment: environment)
        #expect(config.caBundlePath == nil)
        let chainError = await #expect(throws: CredentialProviderError.self) { try await config.credentialProvider.credentials() }
        let profileAttempt = chainError?.attempts.first { $0.source == "profile app" }
        #expect(profileAttempt?.code == .unreachable, "\(String(describing: chainError))")
        #expect(profileAttempt?.message.contains("tlsFailure") == true, "\(String(describing: chainError))")

        let direct = try AWSConfig(region: "eu-west-1", accessKeyId: "AKIDX", secretAccessKey: "s", endpoint: server.baseURL)
        let client = KMSClient(config: direct)
        await #expect(throws: HTTPClientError.tlsFailure) { try await client.generateDataKey(id: "k", size: 32) }
        await client.shutdown()
    }

    @Test("the SSO portal and OIDC over https trust the same bundle as KMS")
    func ssoOverHTTPS() async throws {
        let tls = try TemporaryDirectory()
        defer { tls.remove() }
        let server = try await LoopbackCredentialServer.start(["--tls", tls.path, "--sso-refresh-token", "refresh-over-tls"])
        defer { server.stop() }
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(".aws/config", """
            [profile sso]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = Developer
            region = eu-west-1
            ca_bundle = \(try #require(server.caBundlePath))
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            """)
        // Expired, so OIDC is called over https too.
        try home.write(".aws/sso/cache/\(SHA1.hexDigest("corp")).json", """
            {"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", "accessToken": "expired",
             "expiresAt": "2020-01-01T00:00:00Z", "clientId": "c", "clientSecret": "s",
             "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "refresh-over-tls"}
            """)
        let config = try AWSConfig.load(environment: ["HOME": home.path, "AWS_PROFILE": "sso", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": server.baseURL])
        let client = KMSClient(config: config)
        _ = try await client.generateDataKey(id: "k", size: 16)
        await client.shutdown()

        var inspection = CurlHTTPClient.Configuration()
        inspection.caBundlePath = server.caBundlePath
        let inspector = CurlHTTPClient(configuration: inspection)
        let stats = try await server.stats(using: inspector)
        await inspector.shutdown()
        #expect((stats["oidc_calls"] as? [[String: Any]])?.count == 1)
        #expect((stats["sso_calls"] as? [[String: Any]])?.first?["tokenAccepted"] as? Bool == true)
        #expect((stats["kms_calls"] as? [[String: Any]])?.first?["signedBy"] as? String == "ASIASSO0001")
    }
}
