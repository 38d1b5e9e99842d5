import Foundation
import Testing
@testable import KMS
import KMSTestSupport

/// The SSO token cache shared with the real AWS CLI (the `awscli` interop peer, botocore's SSO
/// code): a token this library refreshed and wrote back is one the CLI uses as it is, and one
/// the CLI refreshed is one this library uses, against the same loopback portal, OIDC and KMS
/// stand-ins. Skipped (with the reason) when the peer cannot be set up, except under `CI`.
@Suite("SSO token cache shared with the AWS CLI", .enabled("needs the awscli interop peer (scripts/peers/ensure.sh awscli); with CI set, its absence fails instead") { AWSCLIPeer.shouldRun })
struct SSOCacheInteropTests {
    static let config = """
    [profile dev]
    sso_session = corp
    sso_account_id = 123456789012
    sso_role_name = Developer
    region = eu-west-1
    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = eu-west-1
    """

    /// A HOME whose cache holds an expired token with refresh token `refreshToken`.
    static func sandbox(_ server: LoopbackCredentialServer, refreshToken: String) throws -> (TemporaryDirectory, [String: String], String) {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", config)
        let cacheFile = try home.write(".aws/sso/cache/\(SHA1.hexDigest("corp")).json", """
            {"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", "accessToken": "sso-access-expired",
             "expiresAt": "2020-01-01T00:00:00Z", "clientId": "client-1", "clientSecret": "client-secret-1",
             "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "\(refreshToken)"}
            """)
        let environment = [
            "HOME": home.path, "PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ENDPOINT_URL_SSO": server.baseURL, "AWS_ENDPOINT_URL_SSO_OIDC": server.baseURL,
            "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
        ]
        return (home, environment, cacheFile)
    }

    /// `aws kms generate-data-key --profile dev` against the stand-in's KMS; fails the test
    /// with the CLI's stderr when it does not succeed.
    static func runCLI(_ server: LoopbackCredentialServer, _ environment: [String: String]) async throws {
        let bin = try #require(AWSCLIPeer.binDirectory)
        let result = try await ChildProcess(
            executable: bin + "/aws",
            arguments: ["kms", "generate-data-key", "--key-id", "interop", "--number-of-bytes", "32", "--profile", "dev", "--endpoint-url", server.baseURL],
            environment: environment, timeout: 60
        ).run()
        #expect(result.status == 0, "aws failed: \(String(decoding: result.stderr, as: UTF8.self))")
    }

    static func count(_ key: String, _ server: LoopbackCredentialServer, _ transport: any HTTPTransport) async throws -> Int {
        (try await server.stats(using: transport)[key] as? [[String: Any]])?.count ?? -1
    }

    @Test("a token refreshed here is used by the AWS CLI without refreshing again")
    func refreshedHereUsedByCLI() async throws {
        let server = try await LoopbackCredentialServer.start(["--sso-refresh-token", "refresh-original"])
        defer { server.stop() }
        let (home, environment, _) = try Self.sandbox(server, refreshToken: "refresh-original")
        defer { home.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }

        _ = try await ProfileCredentialProvider(profile: "dev", environment: environment, transport: transport).expiringCredentials()
        #expect(try await Self.count("oidc_calls", server, transport) == 1)
        try await Self.runCLI(server, environment)
        #expect(try await Self.count("oidc_calls", server, transport) == 1, "the CLI found the rewritten token fresh")
        let portal = (try await server.stats(using: transport)["sso_calls"] as? [[String: Any]]) ?? []
        #expect(portal.count == 2)
        #expect(portal.allSatisfy { $0["tokenAccepted"] as? Bool == true })
        #expect(((try await server.stats(using: transport)["kms_calls"] as? [[String: Any]]) ?? []).first?["signedBy"] as? String == "ASIASSO0002")
    }

    @Test("a token the AWS CLI refreshed is used here without refreshing again")
    func refreshedByCLIUsedHere() async throws {
        let server = try await LoopbackCredentialServer.start(["--sso-refresh-token", "refresh-original"])
        defer { server.stop() }
        let (home, environment, cacheFile) = try Self.sandbox(server, refreshToken: "refresh-original")
        defer { home.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }

        try await Self.runCLI(server, environment)
        #expect(try await Self.count("oidc_calls", server, transport) == 1)
        let written = String(decoding: FileManager.default.contents(atPath: cacheFile) ?? Data(), as: UTF8.self)
        #expect(written.contains("sso-access-refreshed-1"), "the CLI rewrote the cache")

        let result = try await ProfileCredentialProvider(profile: "dev", environment: environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIASSO"))
        #expect(try await Self.count("oidc_calls", server, transport) == 1, "the CLI's token was fresh here too")
        let portal = (try await server.stats(using: transport)["sso_calls"] as? [[String: Any]]) ?? []
        #expect(portal.last?["tokenAccepted"] as? Bool == true)
    }
}

/// The AWS CLI interop peer's virtualenv, made by `scripts/peers/ensure.sh` when missing.
enum AWSCLIPeer {
    /// Its `bin` directory, or nil when it cannot be set up here.
    static let binDirectory: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        guard let result = try? ChildProcess(executable: "/bin/bash", arguments: [root.path + "/scripts/peers/ensure.sh", "awscli"], timeout: 600).runBlocking(),
              result.status == 0
        else { return nil }
        let bin = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: bin + "/aws") ? bin : nil
    }()

    /// Whether the suite runs: the peer is there, or CI demands it run (and fail without it).
    static var shouldRun: Bool {
        if binDirectory != nil { return true }
        let ci = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !ci.isEmpty && ci != "0" && ci.lowercased() != "false"
    }
}
