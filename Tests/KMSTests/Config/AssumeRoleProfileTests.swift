import Foundation
import Testing
@testable import KMS
import KMSTestSupport
import AWSSigV4
import CurlHTTP

/// Profiles that assume a role: `role_arn` with `source_profile` (chains, cycles) or
/// `credential_source`, against `credential_server.py`'s STS stand-in on 127.0.0.1, which
/// records what each `AssumeRole` asked for and which key signed it.
@Suite struct AssumeRoleProfileTests {
    /// A temporary HOME with `.aws/config`, and the environment that points at it.
    struct Sandbox {
        let directory: TemporaryDirectory
        var environment: [String: String]

        init(config: String, environment: [String: String] = [:]) throws {
            directory = try TemporaryDirectory()
            try directory.write(".aws/config", config)
            try directory.write(".aws/credentials", "")
            self.environment = ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true", "PATH": "/usr/bin:/bin"]
            self.environment.merge(environment) { _, new in new }
        }
    }

    static let chainConfig = """
    [profile base]
    aws_access_key_id = AKIDBASEUSER
    aws_secret_access_key = base-user-secret
    [profile middle]
    role_arn = arn:aws:iam::111111111111:role/middle
    source_profile = base
    [profile top]
    role_arn = arn:aws:iam::222222222222:role/top
    source_profile = middle
    role_session_name = top-session
    external_id = ext-id-123
    duration_seconds = 1800
    region = eu-west-1
    """

    static func assumeCalls(_ server: LoopbackCredentialServer, _ transport: any HTTPTransport) async throws -> [[String: Any]] {
        (try await server.stats(using: transport)["assume_calls"] as? [[String: Any]]) ?? []
    }

    static func form(_ call: [String: Any]) -> [String: String] { (call["form"] as? [String: String]) ?? [:] }

    @Test("a role assumed through a source_profile that itself assumes a role: two signed AssumeRole calls, in order")
    func twoLevelSourceProfile() async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let sandbox = try Sandbox(config: Self.chainConfig, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }

        let result = try await ProfileCredentialProvider(profile: "top", environment: sandbox.environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId == "ASIAROLE0002")
        #expect(result.credentials.sessionToken == "fake-session-token-2")
        #expect(result.expiration.map { $0 > Date() } == true)

        let calls = try await Self.assumeCalls(server, transport)
        try #require(calls.count == 2)
        // First the middle role, signed with the base profile's long-term key.
        #expect(Self.form(calls[0])["RoleArn"] == "arn:aws:iam::111111111111:role/middle")
        #expect(calls[0]["signedBy"] as? String == "AKIDBASEUSER")
        #expect(calls[0]["hasSessionToken"] as? Bool == false)
        #expect(calls[0]["scope"] as? String == "eu-west-1/sts/aws4_request")
        #expect(Self.form(calls[0])["ExternalId"] == nil)
        // Then the top role, signed with the middle role's temporary credentials.
        #expect(Self.form(calls[1])["RoleArn"] == "arn:aws:iam::222222222222:role/top")
        #expect(calls[1]["signedBy"] as? String == "ASIAROLE0001")
        #expect(calls[1]["hasSessionToken"] as? Bool == true)
        #expect(Self.form(calls[1])["RoleSessionName"] == "top-session")
        #expect(Self.form(calls[1])["ExternalId"] == "ext-id-123")
        #expect(Self.form(calls[1])["DurationSeconds"] == "1800")
        #expect(Self.form(calls[1])["Version"] == "2011-06-15")
        let signedHeaders = (calls[1]["signedHeaders"] as? String) ?? ""
        #expect(signedHeaders.split(separator: ";").contains("host"))
        #expect(!signedHeaders.contains("user-agent"))
        #expect((calls[1]["contentType"] as? String)?.hasPrefix("application/x-www-form-urlencoded") == true)
    }

    struct SourceCase: Sendable, CustomTestStringConvertible {
        let credentialSource: String
        let signedByPrefix: String
        var testDescription: String { credentialSource }
    }

    @Test("credential_source: the role is assumed with the named source's credentials", arguments: [
        SourceCase(credentialSource: "Environment", signedByPrefix: "AKIDFROMENV"),
        SourceCase(credentialSource: "Ec2InstanceMetadata", signedByPrefix: "ASIAIMDS"),
        SourceCase(credentialSource: "EcsContainer", signedByPrefix: "ASIACONT"),
    ])
    func credentialSource(_ testCase: SourceCase) async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        var environment = ["AWS_ENDPOINT_URL_STS": server.baseURL, "AWS_REGION": "us-west-2"]
        switch testCase.credentialSource {
        case "Environment":
            environment["AWS_ACCESS_KEY_ID"] = "AKIDFROMENV"
            environment["AWS_SECRET_ACCESS_KEY"] = "env-secret"
        case "Ec2InstanceMetadata":
            environment["AWS_EC2_METADATA_DISABLED"] = "false"
            environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = server.baseURL
        default:
            environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.baseURL + "/container/task"
        }
        let sandbox = try Sandbox(config: """
            [profile ops]
            role_arn = arn:aws:iam::333333333333:role/ops
            credential_source = \(testCase.credentialSource)
            """, environment: environment)
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }

        let result = try await ProfileCredentialProvider(profile: "ops", environment: sandbox.environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIAROLE"))
        let calls = try await Self.assumeCalls(server, transport)
        try #require(calls.count == 1)
        #expect((calls[0]["signedBy"] as? String)?.hasPrefix(testCase.signedByPrefix) == true, "\(calls[0])")
        #expect(calls[0]["scope"] as? String == "us-west-2/sts/aws4_request")
        #expect(Self.form(calls[0])["RoleArn"] == "arn:aws:iam::333333333333:role/ops")
        #expect(Self.form(calls[0])["RoleSessionName"]?.hasPrefix("swift-kms-session-") == true)
    }

    struct ConfigErrorCase: Sendable, CustomTestStringConvertible {
        let name: String
        let config: String
        let profile: String
        let expected: CredentialProviderError
        let messagePart: String
        var testDescription: String { name }
    }

    @Test("configuration errors are typed and found before any request", arguments: [
        ConfigErrorCase(name: "two profiles naming each other", config: """
            [profile a]
            role_arn = arn:aws:iam::1:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::1:role/b
            source_profile = a
            """, profile: "a", expected: .profileCycle, messagePart: "a -> b -> a"),
        ConfigErrorCase(name: "a longer loop", config: """
            [profile a]
            role_arn = arn:aws:iam::1:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::1:role/b
            source_profile = c
            [profile c]
            role_arn = arn:aws:iam::1:role/c
            source_profile = b
            """, profile: "a", expected: .profileCycle, messagePart: "a -> b -> c -> b"),
        ConfigErrorCase(name: "a profile naming itself without keys", config: """
            [profile self]
            role_arn = arn:aws:iam::1:role/self
            source_profile = self
            """, profile: "self", expected: .profileCycle, messagePart: "self -> self"),
        ConfigErrorCase(name: "mfa_serial without a token provider", config: """
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-secret
            [profile mfa]
            role_arn = arn:aws:iam::1:role/mfa
            source_profile = base
            mfa_serial = arn:aws:iam::1:mfa/user
            """, profile: "mfa", expected: .mfaRequired, messagePart: "MFA needs an interactive token provider"),
        ConfigErrorCase(name: "source_profile and credential_source both", config: """
            [profile both]
            role_arn = arn:aws:iam::1:role/x
            source_profile = both
            credential_source = Environment
            """, profile: "both", expected: .invalidConfiguration, messagePart: "both source_profile and credential_source"),
        ConfigErrorCase(name: "role_arn alone", config: """
            [profile alone]
            role_arn = arn:aws:iam::1:role/x
            """, profile: "alone", expected: .invalidConfiguration, messagePart: "needs source_profile"),
        ConfigErrorCase(name: "an unknown credential_source", config: """
            [profile odd]
            role_arn = arn:aws:iam::1:role/x
            credential_source = Somewhere
            """, profile: "odd", expected: .invalidConfiguration, messagePart: "Somewhere"),
        ConfigErrorCase(name: "a source_profile that does not exist", config: """
            [profile orphan]
            role_arn = arn:aws:iam::1:role/x
            source_profile = ghost
            """, profile: "orphan", expected: .invalidConfiguration, messagePart: "ghost"),
        ConfigErrorCase(name: "a bad duration_seconds", config: """
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-secret
            [profile long]
            role_arn = arn:aws:iam::1:role/x
            source_profile = base
            duration_seconds = forever
            """, profile: "long", expected: .invalidConfiguration, messagePart: "duration_seconds"),
    ])
    func configurationErrors(_ testCase: ConfigErrorCase) async throws {
        let sandbox = try Sandbox(config: testCase.config, environment: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"])
        defer { sandbox.directory.remove() }
        let error = await #expect(throws: CredentialProviderError.self) {
            try await ProfileCredentialProvider(profile: testCase.profile, environment: sandbox.environment, transport: FakeTransport.unreachable()).expiringCredentials()
        }
        #expect(error == testCase.expected, "\(String(describing: error))")
        #expect(error?.message.contains(testCase.messagePart) == true, "\(String(describing: error))")
        #expect(!"\(String(describing: error))".contains("secret"))
    }

    @Test("a profile naming itself as source uses its own keys (botocore allows it)")
    func selfSourceWithKeys() async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let sandbox = try Sandbox(config: """
            [profile me]
            aws_access_key_id = AKIDMYSELF
            aws_secret_access_key = me-secret
            role_arn = arn:aws:iam::1:role/me
            source_profile = me
            """, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let result = try await ProfileCredentialProvider(profile: "me", environment: sandbox.environment, transport: transport).expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIAROLE"))
        let calls = try await Self.assumeCalls(server, transport)
        #expect(calls.map { $0["signedBy"] as? String } == ["AKIDMYSELF"])
        #expect(calls.first.map(Self.form)?["RoleArn"] == "arn:aws:iam::1:role/me")
    }

    @Test("with an MFA token provider, the device and its code go with the AssumeRole call")
    func mfaTokenProvider() async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let sandbox = try Sandbox(config: """
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-secret
            [profile mfa]
            role_arn = arn:aws:iam::1:role/mfa
            source_profile = base
            mfa_serial = arn:aws:iam::1:mfa/user
            """, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let asked = Counter()
        let provider = ProfileCredentialProvider(profile: "mfa", environment: sandbox.environment, transport: transport, mfaTokenCode: { serial in
            #expect(serial == "arn:aws:iam::1:mfa/user")
            _ = asked.next()
            return "123456"
        })
        _ = try await provider.expiringCredentials()
        #expect(asked.value == 1)
        let calls = try await Self.assumeCalls(server, transport)
        #expect(calls.first.map(Self.form)?["SerialNumber"] == "arn:aws:iam::1:mfa/user")
        #expect(calls.first.map(Self.form)?["TokenCode"] == "123456")

        // The same through AWSConfig.load, as an application would ask its user.
        let config = try AWSConfig.load(profile: "mfa", region: "eu-west-1", mfaTokenCode: { _ in "654321" }, environment: sandbox.environment)
        _ = try await config.credentialProvider.credentials()
        let later = try await Self.assumeCalls(server, transport)
        #expect(later.count == 2)
        #expect(later.last.map(Self.form)?["TokenCode"] == "654321")
    }

    @Test("the default chain caches the role's credentials: many callers, one AssumeRole; a decisive error stops the chain")
    func cachedInTheDefaultChain() async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let sandbox = try Sandbox(config: Self.chainConfig + "\n[profile mfa]\nrole_arn = arn:aws:iam::1:role/mfa\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/u\n",
                                  environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let chain = DefaultCredentialChain(profile: "middle", environment: sandbox.environment, transport: transport)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { try await chain.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIAROLE0001"])
        #expect(try await Self.assumeCalls(server, transport).count == 1)

        let mfaChain = DefaultCredentialChain(profile: "mfa", environment: sandbox.environment, transport: transport)
        let error = await #expect(throws: CredentialProviderError.self) { try await mfaChain.credentials() }
        #expect(error?.code == .mfaRequired)
    }

    @Test("STS refusing the role is a typed error that never repeats what was sent")
    func refusedRole() async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let sandbox = try Sandbox(config: """
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-user-secret-value
            aws_session_token = base-session-token-value
            [profile denied]
            role_arn = arn:aws:iam::1:role/denied
            source_profile = base
            [profile echo]
            role_arn = arn:aws:iam::1:role/echo
            source_profile = base
            """, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        for profile in ["denied", "echo"] {
            let error = await #expect(throws: CredentialProviderError.self) {
                try await ProfileCredentialProvider(profile: profile, environment: sandbox.environment, transport: transport).expiringCredentials()
            }
            #expect(error?.code == .requestFailed)
            #expect(error?.source == "profile \(profile)")
            let text = "\(String(describing: error))"
            #expect(text.contains("AccessDenied"), "\(text)")
            for secret in ["base-user-secret-value", "base-session-token-value", "Signature="] {
                #expect(!text.contains(secret), "\(text)")
            }
        }
    }

    @Test("a throttled AssumeRole is retried like a KMS call, signed afresh; a refusal is not retried")
    func retriedLikeKMS() async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let waits = Counter()
        func provider(_ role: String) -> AssumeRoleCredentialProvider {
            AssumeRoleCredentialProvider(
                roleArn: "arn:aws:iam::1:role/" + role, source: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDRETRY", secretAccessKey: "retry-secret")),
                stsEndpoint: server.baseURL, region: "eu-west-1", transport: transport,
                retry: RetryStrategy(sleep: { _ in _ = waits.next() }))
        }
        let result = try await provider("flaky").expiringCredentials()
        #expect(result.credentials.accessKeyId.hasPrefix("ASIAROLE"))
        #expect(waits.value == 1)
        #expect(try await Self.assumeCalls(server, transport).count == 2)

        await #expect(throws: CredentialProviderError.requestFailed) { try await provider("denied").expiringCredentials() }
        #expect(waits.value == 1)
        #expect(try await Self.assumeCalls(server, transport).count == 3)
        #expect("\(provider("flaky"))".contains("arn:aws:iam::1:role/flaky"))
        #expect(!"\(provider("flaky"))".contains("retry-secret"))
    }

    @Test("the role's credentials are refreshed before they expire: in the background inside the window, waited for past it")
    func refreshedBeforeExpiry() async throws {
        let server = try await LoopbackCredentialServer.start(["--expiry-seconds", "3600"])
        defer { server.stop() }
        let sandbox = try Sandbox(config: Self.chainConfig, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        let clock = TestClock(Date())
        let chain = DefaultCredentialChain(profile: "middle", environment: sandbox.environment, transport: transport, now: { clock.now })

        #expect(try await chain.credentials().accessKeyId == "ASIAROLE0001")
        // Later credentials last two hours, so the refreshed ones are not due again at once.
        try await server.control(["expiry_seconds": 7200], using: transport)
        clock.advance(3600 - 200)  // inside the 5-minute refresh window, outside the 1-minute one
        #expect(try await chain.credentials().accessKeyId == "ASIAROLE0001", "still valid: returned at once")
        await chain.cache.waitForRefresh()
        #expect(try await chain.credentials().accessKeyId == "ASIAROLE0002", "refreshed in the background")
        #expect(try await Self.assumeCalls(server, transport).count == 2)
        clock.advance(3900)  // past their expiry: callers wait for the new ones
        #expect(try await chain.credentials().accessKeyId == "ASIAROLE0003")
        #expect(try await Self.assumeCalls(server, transport).count == 3)
    }

    @Test("STS endpoint: the profile's services section, else the region's regional endpoint (signed for that region)")
    func stsEndpointSources() async throws {
        let server = try await LoopbackCredentialServer.start()
        defer { server.stop() }
        let base = """
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-secret
            [profile viaservices]
            role_arn = arn:aws:iam::1:role/services
            source_profile = base
            services = local
            region = ap-northeast-1
            [services local]
            sts =
              endpoint_url = \(server.baseURL)
            [profile regional]
            role_arn = arn:aws:iam::1:role/regional
            source_profile = base
            region = eu-central-1
            """
        let sandbox = try Sandbox(config: base)
        defer { sandbox.directory.remove() }
        let transport = loopbackTransport()
        defer { Task { await transport.shutdown() } }
        _ = try await ProfileCredentialProvider(profile: "viaservices", environment: sandbox.environment, transport: transport).expiringCredentials()
        let calls = try await Self.assumeCalls(server, transport)
        #expect(calls.map { Self.form($0)["RoleArn"] } == ["arn:aws:iam::1:role/services"])
        #expect(calls.first?["scope"] as? String == "ap-northeast-1/sts/aws4_request")

        let xml = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAREGIONAL</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
        let fake = FakeTransport { _ in HTTPResponse(status: 200, body: Array(xml.utf8)) }
        let result = try await ProfileCredentialProvider(profile: "regional", environment: sandbox.environment, transport: fake).expiringCredentials()
        #expect(result.credentials.accessKeyId == "ASIAREGIONAL")
        let request = try #require(fake.requests.first)
        #expect(request.url == "https://sts.eu-central-1.amazonaws.com/")
        #expect(request.headers[first: "Host"] == "sts.eu-central-1.amazonaws.com")
        #expect(request.headers[first: "Authorization"]?.contains("/eu-central-1/sts/aws4_request") == true)
        #expect(request.headers[first: "User-Agent"] == RequestSigning.userAgent)
    }

    @Test("random source_profile graphs: always an answer, a role per hop until a profile with keys, or .profileCycle exactly when the walk comes back")
    func randomProfileGraphs() async throws {
        var seed: UInt64 = 0x5EED_C0FF_EE00_0013
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        let xml = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAHOP</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
        for _ in 0..<150 {
            let count = 1 + next(6)
            // Each profile: keys or not; a role with a source among the profiles, or not.
            let hasKeys = (0..<count).map { _ in next(3) == 0 }
            let source: [Int?] = (0..<count).map { index in (next(4) == 0 && hasKeys[index]) ? nil : next(count) }
            var config = ""
            for index in 0..<count {
                config += "[profile p\(index)]\n"
                if hasKeys[index] { config += "aws_access_key_id = AKIDP\(index)\naws_secret_access_key = secret-\(index)\n" }
                if let target = source[index] { config += "role_arn = arn:aws:iam::1:role/r\(index)\nsource_profile = p\(target)\n" }
            }
            // The walk the SDKs describe: a source with keys ends it; otherwise each role is a hop.
            var expectedHops: Int? = 0
            var seen: [Int] = []
            var current = 0
            var first = true
            while true {
                if !first, hasKeys[current] { break }
                guard let target = source[current] else { break }
                seen.append(current)
                if seen.contains(target), !(target == current && hasKeys[current]) { expectedHops = nil; break }
                expectedHops! += 1
                if target == current { break }  // its own keys sign its role
                current = target
                first = false
            }
            let sandbox = try Sandbox(config: config)
            defer { sandbox.directory.remove() }
            let fake = FakeTransport { _ in HTTPResponse(status: 200, body: Array(xml.utf8)) }
            do {
                _ = try await ProfileCredentialProvider(profile: "p0", environment: sandbox.environment, transport: fake).expiringCredentials()
                #expect(fake.requests.count == expectedHops, "\(config)")
            } catch let error as CredentialProviderError {
                #expect(expectedHops == nil && error.code == .profileCycle, "\(error)\n\(config)")
            }
        }
    }
}
