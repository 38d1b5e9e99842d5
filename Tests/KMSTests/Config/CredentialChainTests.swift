import Foundation
import Testing
@testable import KMS
import KMSTestSupport
import AWSSigV4
import CurlHTTP

/// A provider that counts fetches, can be slowed down, made to fail, and given lifetimes.
final class CountingProvider: ExpiringCredentialProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var fetches = 0
    private var failing = false
    let lifetime: TimeInterval?
    let delay: Duration
    let clock: TestClock

    init(lifetime: TimeInterval?, delay: Duration = .zero, clock: TestClock) {
        self.lifetime = lifetime
        self.delay = delay
        self.clock = clock
    }

    var count: Int { lock.withLock { fetches } }
    func fail(_ value: Bool) { lock.withLock { failing = value } }

    func expiringCredentials() async throws -> ExpiringCredentials {
        let (n, fail) = lock.withLock { fetches += 1; return (fetches, failing) }
        if delay > .zero { try await Task.sleep(for: delay) }
        if fail { throw CredentialProviderError(code: .unreachable, source: "counting") }
        return ExpiringCredentials(AWSCredentials(accessKeyId: "ASIA\(n)", secretAccessKey: "s\(n)"),
                                   expiration: lifetime.map { clock.now.addingTimeInterval($0) })
    }
}

@Suite struct CachingCredentialProviderTests {
    @Test func refreshesInTheBackgroundInsideTheWindowAndWaitsOnlyAtTheEnd() async throws {
        let clock = TestClock()
        let base = CountingProvider(lifetime: 3600, clock: clock)
        let cache = CachingCredentialProvider(base, refreshWindow: .seconds(300), mandatoryWindow: .seconds(60), now: { clock.now })
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(3000)
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        #expect(base.count == 1)
        clock.advance(301) // 299 s left: the advisory window
        #expect(try await cache.credentials().accessKeyId == "ASIA1") // served at once…
        await cache.waitForRefresh()                                     // …while one refresh runs
        #expect(base.count == 2)
        #expect(try await cache.credentials().accessKeyId == "ASIA2")
        clock.advance(3600 - 30) // 30 s left: the mandatory window, callers wait
        #expect(try await cache.credentials().accessKeyId == "ASIA3")
        #expect(base.count == 3)
    }

    @Test func credentialsWithoutExpirationAreFetchedOnce() async throws {
        let clock = TestClock()
        let base = CountingProvider(lifetime: nil, clock: clock)
        let cache = CachingCredentialProvider(base, now: { clock.now })
        for _ in 0..<5 {
            clock.advance(86_400 * 365)
            _ = try await cache.credentials()
        }
        #expect(base.count == 1)
    }

    @Test func aFailedRefreshKeepsUnexpiredCredentialsThenFails() async throws {
        let clock = TestClock()
        let base = CountingProvider(lifetime: 600, clock: clock)
        let cache = CachingCredentialProvider(base, refreshWindow: .seconds(300), now: { clock.now })
        _ = try await cache.credentials()
        base.fail(true)
        clock.advance(400) // advisory window: the background refresh fails quietly
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        await cache.waitForRefresh()
        clock.advance(150) // mandatory window: the refresh fails, the old ones still work
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(51) // expired
        await #expect(throws: CredentialProviderError.unreachable) { try await cache.credentials() }
        base.fail(false)
        #expect(try await cache.credentials().accessKeyId == "ASIA5")
    }

    @Test func sixtyFourConcurrentCallersShareOneFetch() async throws {
        let clock = TestClock()
        let base = CountingProvider(lifetime: 3600, delay: .milliseconds(200), clock: clock)
        let cache = CachingCredentialProvider(base, now: { clock.now })
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { try await cache.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIA1"])
        #expect(base.count == 1)
        #expect(await cache.fetchCount == 1)
        // And again at expiry time (in the mandatory window): one refresh for all.
        clock.advance(3570)
        let refreshed = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { try await cache.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(refreshed == ["ASIA2"])
        #expect(base.count == 2)
    }

    @Test func aCancelledCallerDoesNotCancelTheSharedFetch() async throws {
        let clock = TestClock()
        let base = CountingProvider(lifetime: 3600, delay: .milliseconds(300), clock: clock)
        let cache = CachingCredentialProvider(base, now: { clock.now })
        let impatient = Task { try await cache.credentials() }
        try await Task.sleep(for: .milliseconds(50))
        let patient = Task { try await cache.credentials() }
        impatient.cancel()
        #expect(try await patient.value.accessKeyId == "ASIA1")
        #expect(base.count == 1)
    }
}

/// The default chain's order, on environments and files each test writes.
@Suite struct DefaultCredentialChainTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var explicit: AWSCredentials? = nil
        var profile: String? = nil
        var environment: [String: String] = [:]
        var config: String = ""
        var credentials: String = ""
        let expectedKeyId: String?
        var expectedTried: [String] = []
        var testDescription: String { name }
    }

    static let envKeys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]
    static let credentialsFile = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other-secret\n"
    static let allSources = ["environment", "profile default", "web identity", "container", "instance metadata"]

    static let cases: [Case] = [
        Case(name: "explicit beats everything", explicit: AWSCredentials(accessKeyId: "AKIDEXPLICIT", secretAccessKey: "x"),
             environment: envKeys, credentials: credentialsFile, expectedKeyId: "AKIDEXPLICIT"),
        Case(name: "environment beats files", environment: envKeys, credentials: credentialsFile, expectedKeyId: "AKIDENV"),
        Case(name: "AWS_PROFILE picks a profile but environment keys still win", environment: envKeys.merging(["AWS_PROFILE": "other"]) { $1 },
             credentials: credentialsFile, expectedKeyId: "AKIDENV"),
        Case(name: "a profile chosen in code skips environment keys", profile: "other", environment: envKeys, credentials: credentialsFile, expectedKeyId: "AKIDOTHER"),
        Case(name: "shared credentials file", credentials: credentialsFile, expectedKeyId: "AKIDFILE"),
        Case(name: "AWS_PROFILE", environment: ["AWS_PROFILE": "other"], credentials: credentialsFile, expectedKeyId: "AKIDOTHER"),
        Case(name: "config file profile", environment: ["AWS_PROFILE": "cfg"], config: "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = c\n", expectedKeyId: "AKIDCFG"),
        Case(name: "credential_process", config: "[default]\ncredential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"p\"}'\n", expectedKeyId: "AKIDPROC"),
        Case(name: "an incomplete environment falls through to files", environment: ["AWS_ACCESS_KEY_ID": "AKIDHALF"], credentials: credentialsFile, expectedKeyId: "AKIDFILE"),
        Case(name: "nothing anywhere lists every source", environment: ["AWS_EC2_METADATA_DISABLED": "true"], expectedKeyId: nil, expectedTried: allSources),
        Case(name: "a missing chosen profile lists every source but environment", profile: "ghost", environment: ["AWS_EC2_METADATA_DISABLED": "true"],
             expectedKeyId: nil, expectedTried: ["profile ghost", "web identity", "container", "instance metadata"]),
    ]

    @Test(arguments: cases)
    func order(_ testCase: Case) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".aws/config", testCase.config)
        try directory.write(".aws/credentials", testCase.credentials)
        var environment = testCase.environment
        environment["HOME"] = directory.path
        environment["PATH"] = "/usr/bin:/bin"
        // Metadata requests reach only this fake, which refuses them.
        let transport = FakeTransport { request in
            #expect(request.url.hasPrefix("http://169.254.169.254/"), "unexpected \(request.url)")
            throw HTTPClientError.connectionRefused
        }
        let chain = DefaultCredentialChain(explicit: testCase.explicit, profile: testCase.profile, environment: environment, transport: transport)
        do {
            let credentials = try await chain.credentials()
            #expect(credentials.accessKeyId == testCase.expectedKeyId)
        } catch let error as CredentialProviderError {
            #expect(testCase.expectedKeyId == nil, "\(error)")
            #expect(error == .noCredentials)
            #expect(error.triedSources == testCase.expectedTried)
        }
    }

    @Test func theFinalErrorNamesSourcesAndReasonsButNoSecrets() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".aws/credentials", "[default]\naws_access_key_id = AKIDHALFFILE\n")
        let environment = [
            "HOME": directory.path,
            "AWS_SECRET_ACCESS_KEY": "very-secret-env-value",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.1.2.3/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "very-secret-container-token",
        ]
        let transport = FakeTransport { _ in throw HTTPClientError.timeout }
        do {
            _ = try await DefaultCredentialChain(environment: environment, transport: transport).credentials()
            Issue.record("expected no credentials")
        } catch let error as CredentialProviderError {
            let text = "\(error)"
            #expect(error.attempts.map(\.code) == [.incompleteCredentials, .incompleteCredentials, .notConfigured, .invalidConfiguration, .unreachable])
            #expect(text.contains("instance metadata"))
            #expect(!text.contains("very-secret"))
        }
        // The container host rule held: nothing but the metadata address was asked.
        #expect(transport.requests.allSatisfy { $0.url.hasPrefix("http://169.254.169.254/") })
    }

    @Test func sixtyFourCallersOneMetadataRefreshOnLoopback() async throws {
        let server = try await LoopbackCredentialServer.start(["--delay-ms", "200", "--expiry-seconds", "3600"])
        defer { server.stop() }
        let transport = loopbackTransport()
        let clock = TestClock(Date())
        let chain = DefaultCredentialChain(environment: ["HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL],
                                           transport: transport, now: { clock.now })
        func burst() async throws -> Set<String> {
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<64 { group.addTask { try await chain.credentials().accessKeyId } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
        }
        let first = try await burst()
        #expect(first.count == 1)
        #expect(try await server.count("creds", using: transport) == 1)
        #expect(try await server.count("token", using: transport) == 1)
        // Still fresh: no request at all.
        _ = try await burst()
        #expect(try await server.count("creds", using: transport) == 1)
        // 4 minutes before expiry (the advisory window): all 64 keep the old credentials while
        // one refresh runs.
        clock.advance(3600 - 240)
        #expect(try await burst() == first)
        await chain.cache.waitForRefresh()
        #expect(try await server.count("creds", using: transport) == 2)
        let second = try await burst()
        #expect(second.count == 1 && second != first)
        // 30 s before the new ones expire: all 64 wait for one refresh.
        clock.advance(3600 - 30)
        let third = try await burst()
        #expect(third.count == 1 && third != second)
        #expect(try await server.count("creds", using: transport) == 3)
        #expect(try await server.count("role", using: transport) == 3)
        #expect(try await server.count("token", using: transport) == 1) // the token is kept
        await transport.shutdown()
    }

    @Test func aContainerEndpointThatIsDownFallsThroughToInstanceMetadata() async throws {
        let deadPort = try LoopbackPort.closed()
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let transport = loopbackTransport()
        let chain = DefaultCredentialChain(environment: [
            "HOME": "/nonexistent",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(deadPort)/container/creds",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL,
        ], transport: transport)
        let started = Date()
        #expect(try await chain.credentials().accessKeyId.hasPrefix("ASIAIMDS"))
        #expect(Date().timeIntervalSince(started) < 20)

        // Both down: the error says each one was unreachable.
        let bothDown = DefaultCredentialChain(environment: [
            "HOME": "/nonexistent",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(deadPort)/container/creds",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(deadPort)",
        ], transport: transport)
        do {
            _ = try await bothDown.credentials()
            Issue.record("expected no credentials")
        } catch let error as CredentialProviderError {
            #expect(error.attempts.suffix(2).map(\.code) == [.unreachable, .unreachable])
            #expect(error.attempts.suffix(2).map(\.source) == ["container", "instance metadata"])
        }
        await transport.shutdown()
    }

    @Test func aHangingMetadataServerIsGivenUpAfterTheTimeout() async throws {
        // The server would answer after 60 s; the bound below is far under that and far over
        // the 2 × 500 ms the provider may spend, so a loaded machine cannot make it flaky.
        let server = try await LoopbackCredentialServer.start(["--delay-ms", "60000"])
        defer { server.stop() }
        let transport = loopbackTransport()
        let chain = DefaultCredentialChain(environment: ["HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL],
                                           transport: transport, metadataTimeout: .milliseconds(500))
        let started = Date()
        await #expect(throws: CredentialProviderError.noCredentials) { try await chain.credentials() }
        #expect(Date().timeIntervalSince(started) < 20)
        await transport.shutdown()
    }

    @Test func webIdentityFromTheEnvironmentOnLoopback() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await LoopbackCredentialServer.start(["--web-identity-token", "oidc-for-chain"])
        defer { server.stop() }
        let transport = loopbackTransport()
        let tokenFile = try directory.write("token", "oidc-for-chain")
        let chain = DefaultCredentialChain(environment: [
            "HOME": directory.path,
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/chain",
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ROLE_SESSION_NAME": "chain-session",
            "AWS_ENDPOINT_URL_STS": server.baseURL + "/sts/",
            "AWS_EC2_METADATA_DISABLED": "true",
        ], transport: transport)
        let credentials = try await chain.credentials()
        #expect(credentials.accessKeyId.hasPrefix("ASIASTS"))
        let form = (try await server.stats(using: transport)["last"] as? [String: Any])?["sts_form"] as? [String: String]
        #expect(form?["RoleSessionName"] == "chain-session")
        #expect(form?["RoleArn"] == "arn:aws:iam::123456789012:role/chain")
        await transport.shutdown()
    }

    @Test func aWebIdentityProfile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await LoopbackCredentialServer.start(["--web-identity-token", "oidc-for-profile"])
        defer { server.stop() }
        let transport = loopbackTransport()
        let tokenFile = try directory.write("token", "oidc-for-profile")
        try directory.write(".aws/config", """
        [profile web]
        role_arn = arn:aws:iam::123456789012:role/from-profile
        web_identity_token_file = \(tokenFile)
        services = local
        [services local]
        sts =
          endpoint_url = \(server.baseURL)/sts/
        """)
        let chain = DefaultCredentialChain(profile: "web", environment: ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true"], transport: transport)
        #expect(try await chain.credentials().accessKeyId.hasPrefix("ASIASTS"))
        await transport.shutdown()
    }
}
