import Foundation
import InMemoryTracing
import Logging
import MetricsTestKit
import Testing
import Tracing

@testable import KMS
import KMSTestSupport
import CurlHTTP

/// Everything a test could print about a run: log lines, descriptions, reflections, dumps.
final class Evidence: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [(label: String, text: String)] = []

    /// Adds `"\(value)"`, `String(reflecting:)` and `dump` of `value`.
    func add(_ label: String, _ value: Any) {
        var dumped = ""
        dump(value, to: &dumped)
        lock.withLock {
            texts.append((label + " description", String(describing: value)))
            texts.append((label + " reflecting", String(reflecting: value)))
            texts.append((label + " dump", dumped))
        }
    }

    /// Adds what a call ended in: its error (if any) in every form.
    func add(_ label: String, _ outcome: Outcome) {
        if let error = outcome.error {
            add(label + " error", error)
            lock.withLock { texts.append((label + " localizedDescription", error.localizedDescription)) }
        }
    }

    /// Adds each captured log line.
    func add(logs handler: CapturingLogHandler) {
        let lines = handler.lines
        lock.withLock { texts += lines.map { ("log", $0) } }
    }

    /// Adds every finished span as an exporter would print it: name, attributes, events with
    /// theirs, recorded errors in every form, status.
    func add(spans tracer: InMemoryTracer) {
        for span in tracer.finishedSpans {
            let label = "span \(span.operationName)"
            var attributes: [String] = []
            span.attributes.forEach { key, value in attributes.append("\(key)=\(value)") }
            for event in span.events {
                event.attributes.forEach { key, value in attributes.append("event \(event.name) \(key)=\(value)") }
            }
            lock.withLock {
                texts.append((label, span.operationName))
                texts += attributes.map { (label + " attribute", $0) }
                texts.append((label + " status", "\(String(describing: span.status?.code)) \(span.status?.message ?? "")"))
            }
            for recorded in span.errors {
                add(label + " recorded error", recorded.error)
            }
        }
    }

    /// Adds every metric's label and dimensions.
    func add(metrics: TestMetrics) {
        let series = metrics.counters.map { "\($0.label) \($0.dimensions)" } + metrics.timers.map { "\($0.label) \($0.dimensions)" }
        lock.withLock { texts += series.map { ("metric", $0) } }
    }

    var count: Int { lock.withLock { texts.count } }

    /// Records an issue for every text holding one of `secrets`.
    func expectNone(of secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let all = lock.withLock { texts }
        for secret in Set(secrets) where !secret.isEmpty {
            for (label, text) in all where text.contains(secret) {
                Issue.record("\(label) carries a secret (\(secret.prefix(12))…): \(text.prefix(600))", sourceLocation: sourceLocation)
            }
        }
    }
}

/// A transport over a real `CurlHTTPClient` that keeps the signed requests, so the test can
/// print them and check what their descriptions and dumps show.
final class KeepingTransport: HTTPTransport, @unchecked Sendable {
    let client: CurlHTTPClient
    private let lock = NSLock()
    private var kept: [HTTPRequest] = []
    private var answers: [HTTPResponse] = []

    init(timeout: Double = 2) {
        var configuration = CurlHTTPClient.Configuration()
        configuration.proxy = .disabled
        configuration.timeout = .seconds(timeout)
        configuration.connectTimeout = .seconds(timeout)
        client = CurlHTTPClient(configuration: configuration)
    }

    var requests: [HTTPRequest] { lock.withLock { kept } }
    var responses: [HTTPResponse] { lock.withLock { answers } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { kept.append(request) }
        let response = try await client.execute(request)
        lock.withLock { answers.append(response) }
        return response
    }
}

/// Base64 and hex (both cases) of `bytes`: the ways a key could be printed.
func printedForms(of bytes: [UInt8]) -> [String] {
    let hex = bytes.map { String(format: "%02x", $0) }.joined()
    return [Data(bytes).base64EncodedString(), hex, hex.uppercased()]
}

/// What the signed requests carried that must never be printed: each Authorization value
/// (and its signature alone) and each session token header.
func signingSecrets(of requests: [HTTPRequest]) -> [String] {
    requests.flatMap { request -> [String] in
        var values: [String] = []
        if let authorization = request.headers[first: "Authorization"] {
            values.append(authorization)
            if let signature = authorization.range(of: "Signature=") {
                values.append(String(authorization[signature.upperBound...]))
            }
        }
        if let token = request.headers[first: "X-Amz-Security-Token"] { values.append(token) }
        return values
    }
}

@Suite("No secret in any log line, error, description, reflection or dump")
struct SecretLeakTests {
    /// The plaintext the test encrypts: distinctive, so its base64 and hex are too.
    static let plaintext = Array("hostile plaintext, never print me: 7f3a9c".utf8)

    static let secrets: [String] = [Secret.secretAccessKey, Secret.sessionToken]
        + printedForms(of: Secret.serverKey(32)) + printedForms(of: Secret.serverKey(16))
        + printedForms(of: Secret.serverKey(64)) + printedForms(of: plaintext)

    @Test("every operation, at trace level, with a session token")
    func everyOperation() async throws {
        let server = try await HostileServer.start(mode: "normal")
        defer { server.stop() }
        let handler = CapturingLogHandler()
        let evidence = Evidence()
        let transport = KeepingTransport()
        let tracer = InMemoryTracer()
        let metrics = TestMetrics()
        let callLines = CapturingLogHandler()
        let callLogger = callLines.logger(label: "per-call")
        var config = try hostileConfig(endpoint: server.url)
        config.tracer = tracer
        config.metricsFactory = metrics
        let client = KMSClient(config: config, transport: transport, logger: handler.logger())

        evidence.add("config", config)
        evidence.add("credentials", try await config.credentialProvider.credentials())
        evidence.add("keys", try await client.listKeys())
        evidence.add("page", try await client.listKeys(limit: 5, marker: "m"))
        let dataKey = try await client.generateDataKey(id: "alias/hostile", size: 32)
        #expect(dataKey.plaintextBytes.withUnsafeBytes { Array($0) } == Secret.serverKey(32))
        evidence.add("data key", dataKey)
        evidence.add("secret bytes", dataKey.plaintextBytes)
        let byteKey = try await client.generateDataKey(
            id: "alias/hostile", numberOfBytes: 64, encryptionContext: ["purpose": "test"], grantTokens: ["grant"], logger: callLogger)
        evidence.add("64-byte data key", byteKey)
        evidence.add("AES-128 data key", try await client.generateDataKey(id: "alias/hostile", keySpec: .aes128))
        evidence.add("encrypted data key", try await client.generateDataKeyWithoutPlaintext(keyId: "alias/hostile"))
        let ciphertext = try await client.encrypt(keyId: "alias/hostile", plaintext: Self.plaintext, logger: callLogger)
        evidence.add("ciphertext", ciphertext)
        let plaintext = try await client.decrypt(ciphertextBlob: ciphertext.ciphertextBlob, logger: callLogger)
        #expect(plaintext.plaintextBytes.withUnsafeBytes { Array($0) } == Self.plaintext)
        evidence.add("plaintext", plaintext)
        evidence.add("decrypted key", try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob))
        evidence.add("metadata", try await client.describeKey(keyId: "alias/hostile"))
        evidence.add("created", try await client.createKey(description: "hardening"))
        evidence.add("client", client)

        let requests = transport.requests
        #expect(requests.count == 11)
        #expect(requests.allSatisfy { $0.headers[first: "X-Amz-Security-Token"] == Secret.sessionToken })
        for (index, request) in requests.enumerated() {
            evidence.add("request \(index)", request)
            evidence.add("request \(index) headers", request.headers)
        }
        for (index, response) in transport.responses.enumerated() {
            evidence.add("response \(index)", response)
        }
        evidence.add(logs: handler)
        evidence.add(logs: callLines)
        evidence.add(spans: tracer)
        evidence.add(metrics: metrics)
        #expect(handler.lines.count >= 8, "trace and debug lines were captured")
        #expect(callLines.lines.count >= 3, "the per-call logger's lines were captured")
        #expect(tracer.finishedSpans.count == 11, "a span per request was captured")
        evidence.expectNone(of: Self.secrets + signingSecrets(of: requests))
        await transport.client.shutdown()
    }

    @Test("every hostile answer: errors, logs and reflections stay clean")
    func errorPaths() async throws {
        let handler = CapturingLogHandler()
        let callLines = CapturingLogHandler()
        let evidence = Evidence()
        let transport = KeepingTransport(timeout: 1)
        let tracer = InMemoryTracer()
        let metrics = TestMetrics()
        /// The hostile configuration, reporting to the test's tracer and metrics.
        func observed(_ config: AWSConfig) -> AWSConfig {
            var config = config
            config.tracer = tracer
            config.metricsFactory = metrics
            return config
        }
        var modes = HostileServerTests.matrix.map(\.mode) + ["echo-400", "echo-200", "close-before-answer"]
        modes.removeAll { $0 == "slow" }
        for mode in modes {
            let server = try await HostileServer.start(mode: mode, faults: 100)
            let client = KMSClient(config: observed(try hostileConfig(endpoint: server.url, timeout: 1)), transport: transport, logger: handler.logger())
            let (result, _) = await outcome { _ = try await client.generateDataKey(id: "alias/hostile", size: 32) }
            #expect(result.isTyped, "\(mode): \(result)")
            if mode == "echo-400" {
                #expect(result.kmsCode == .validation && (result.error as? KMSError)?.status == 400, "\(result)")
            }
            if mode.hasPrefix("echo-") {
                // The echo was there, and masked: the request id was the session token itself.
                #expect((result.error as? KMSError)?.requestId == "<redacted>", "\(result)")
                #expect("\(result)".contains("****"), "\(result)")
            }
            evidence.add(mode, result)
            evidence.add(mode + " decrypt", await outcome {
                _ = try await client.decrypt(ciphertextBlob: "Q1RbWFk=", logger: callLines.logger(label: "per-call"))
            }.0)
            evidence.add(mode + " encrypt", await outcome { _ = try await client.encrypt(keyId: "alias/hostile", plaintext: Self.plaintext) }.0)
            server.stop()
        }
        // Refused, and retried three times.
        let port = try LoopbackPort.closed()
        let refused = KMSClient(
            config: observed(try hostileConfig(endpoint: "http://127.0.0.1:\(port)", attempts: 3)), transport: transport, logger: handler.logger())
        evidence.add("refused", await outcome { _ = try await refused.encrypt(keyId: "alias/hostile", plaintext: Self.plaintext) }.0)

        for (index, request) in transport.requests.enumerated() { evidence.add("request \(index)", request) }
        // Not the raw responses: the client never hands them out, and the echo modes put the
        // token in a response header CurlHTTP cannot know to be secret.
        evidence.add(logs: handler)
        evidence.add(logs: callLines)
        evidence.add(spans: tracer)
        evidence.add(metrics: metrics)
        // The echoes' request ids were the session token: the spans say so, masked.
        #expect(tracer.finishedSpans.contains { $0.attributes.get("aws.request_id") == .string("<redacted>") })
        #expect(tracer.finishedSpans.contains { !$0.events.isEmpty }, "the refused calls' retries were traced")
        #expect(!callLines.lines.isEmpty)
        evidence.expectNone(of: Self.secrets + signingSecrets(of: transport.requests))
        await transport.client.shutdown()
    }

    @Test("invalid credentials are refused without repeating them")
    func invalidCredentials() async throws {
        let evidence = Evidence()
        let badSecret = Secret.secretAccessKey + "\r\nX-Injected: 1"
        let badToken = Secret.sessionToken + "\n"
        for attempt in [
            { try AWSConfig(region: "us-east-1", accessKeyId: Secret.accessKeyId, secretAccessKey: badSecret) },
            { try AWSConfig(region: "us-east-1", accessKeyId: Secret.accessKeyId, secretAccessKey: Secret.secretAccessKey, sessionToken: badToken) },
            { try AWSConfig.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": Secret.accessKeyId, "AWS_SECRET_ACCESS_KEY": badSecret]) },
            { try AWSConfig.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": Secret.accessKeyId, "AWS_SECRET_ACCESS_KEY": Secret.secretAccessKey, "AWS_SESSION_TOKEN": badToken]) },
        ] as [() throws -> AWSConfig] {
            do {
                _ = try attempt()
                Issue.record("a credential with a line break was accepted")
            } catch {
                #expect(error is AWSConfigError)
                evidence.add("config error", error)
            }
        }
        evidence.expectNone(of: [Secret.secretAccessKey, Secret.sessionToken, "X-Injected"])
    }
}

@Suite("Every credential provider keeps its secrets out of logs, errors and dumps")
struct CredentialProviderLeakTests {
    /// Secrets `credential_server.py` hands out (numbered), and the tokens the test gives it.
    static let serverSecrets = ["fake-secret-", "fake-session-token-"]
    static let webIdentityToken = "oidcWEBidentity-never-log-5kT2"
    static let containerToken = "Bearer containerAUTH-never-log-9Rw"
    static let profileSecret = "profileSECRET/never-log+3Hq"
    static let profileToken = "profileSESSION-never-log-8Lc"
    static let processSecret = "processSECRET/never-log+1Zx"
    static let processToken = "processSESSION-never-log-4Vb"
    static let externalId = "externalID-never-log-2Pq"
    static let ssoAccessToken = "ssoACCESS-never-log-6Yt"
    static let ssoRefreshToken = "ssoREFRESH-never-log-7Gm"
    static let ssoClientSecret = "ssoCLIENTsecret-never-log-0Kd"

    /// Loads a config from `environment` pointed at a hostile server, runs a data-key call and
    /// a failing call through it, and gathers every printed form.
    static func exercise(_ environment: [String: String], profile: String? = nil, evidence: Evidence, expectKey: Bool = true) async throws {
        let server = try await HostileServer.start(mode: "echo-400", faults: 1)
        defer { server.stop() }
        let handler = CapturingLogHandler()
        var config = try AWSConfig.load(profile: profile, region: "us-east-1", endpoint: server.url, environment: environment)
        config.timeout = .seconds(5)
        config.httpConfiguration.proxy = .disabled
        config.retry = RetryConfiguration(maxAttempts: 1)
        let tracer = InMemoryTracer()
        config.tracer = tracer
        let transport = KeepingTransport(timeout: 5)
        let client = KMSClient(config: config, transport: transport, logger: handler.logger())
        evidence.add("config", config)
        evidence.add("provider", config.credentialProvider)
        let (echoed, _) = await outcome { _ = try await client.generateDataKey(id: "alias/hostile") }
        if expectKey {
            #expect(echoed.kmsCode == .validation, "the server echoed the request's headers in a 400: \(echoed)")
        } else {
            #expect(echoed.error is CredentialProviderError, "\(echoed)")
        }
        evidence.add("echoed error", echoed)
        let (result, _) = await outcome {
            let key = try await client.generateDataKey(id: "alias/hostile")
            evidence.add("data key", key)
        }
        if expectKey {
            #expect(Expected.success.matches(result), "got \(result)")
        }
        evidence.add("call", result)
        evidence.add("provider after use", config.credentialProvider)
        if let credentials = try? await config.credentialProvider.credentials() {
            evidence.add("credentials", credentials)
        }
        for (index, request) in transport.requests.enumerated() { evidence.add("request \(index)", request) }
        evidence.add(logs: handler)
        evidence.add(spans: tracer)
        #expect(tracer.finishedSpans.count == 2)
        evidence.expectNone(of: signingSecrets(of: transport.requests) + printedForms(of: Secret.serverKey(32)))
        await transport.client.shutdown()
    }

    @Test("environment variables")
    func environment() async throws {
        let evidence = Evidence()
        try await Self.exercise([
            "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": Secret.accessKeyId, "AWS_SECRET_ACCESS_KEY": Secret.secretAccessKey,
            "AWS_SESSION_TOKEN": Secret.sessionToken,
        ], evidence: evidence)
        evidence.expectNone(of: [Secret.secretAccessKey, Secret.sessionToken])
    }

    @Test("shared credentials and config files")
    func profileFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".aws/credentials", """
            [default]
            aws_access_key_id = AKIAPROFILEFAKE00001
            aws_secret_access_key = \(Self.profileSecret)
            aws_session_token = \(Self.profileToken)
            """)
        let evidence = Evidence()
        try await Self.exercise(["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true"], evidence: evidence)
        evidence.expectNone(of: [Self.profileSecret, Self.profileToken])
    }

    @Test("credential_process, and one that prints its secret and then fails")
    func credentialProcess() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let json = #"{"Version": 1, "AccessKeyId": "AKIAPROCESSFAKE0001", "SecretAccessKey": "\#(Self.processSecret)", "SessionToken": "\#(Self.processToken)"}"#
        let good = try directory.write("good.sh", "#!/bin/sh\necho '\(json)'\n", executable: true)
        // Prints a secret on both streams, then a JSON the provider must refuse.
        let bad = try directory.write("bad.sh", "#!/bin/sh\necho '\(json)' >&2\necho '{\"Version\": 2, \"SecretAccessKey\": \"\(Self.processSecret)\"}'\nexit 3\n", executable: true)
        try directory.write(".aws/config", """
            [profile good]
            credential_process = \(good)
            [profile bad]
            credential_process = \(bad)
            """)
        let evidence = Evidence()
        let environment = ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true"]
        try await Self.exercise(environment, profile: "good", evidence: evidence)
        try await Self.exercise(environment, profile: "bad", evidence: evidence, expectKey: false)
        evidence.expectNone(of: [Self.processSecret, Self.processToken])
    }

    @Test("web identity against a loopback STS")
    func webIdentity() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try await HostileServer.credentialServer(["--web-identity-token", Self.webIdentityToken])
        defer { sts.stop() }
        let tokenFile = try directory.write("token", Self.webIdentityToken)
        let evidence = Evidence()
        try await Self.exercise([
            "HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/hardening", "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ENDPOINT_URL_STS": sts.url + "/sts/",
        ], evidence: evidence)
        evidence.expectNone(of: Self.serverSecrets + [Self.webIdentityToken])
    }

    @Test("a container endpoint with an authorization token")
    func container() async throws {
        let endpoint = try await HostileServer.credentialServer(["--auth-token", Self.containerToken])
        defer { endpoint.stop() }
        let evidence = Evidence()
        try await Self.exercise([
            "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": endpoint.url + "/container/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": Self.containerToken,
        ], evidence: evidence)
        evidence.expectNone(of: Self.serverSecrets + [Self.containerToken, "containerAUTH"])
    }

    @Test("an assume-role profile, and STS refusing it while echoing what it was sent")
    func assumeRole() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try await HostileServer.credentialServer()
        defer { sts.stop() }
        try directory.write(".aws/credentials", """
            [source]
            aws_access_key_id = AKIAPROFILEFAKE00002
            aws_secret_access_key = \(Self.profileSecret)
            aws_session_token = \(Self.profileToken)
            """)
        try directory.write(".aws/config", """
            [profile role]
            role_arn = arn:aws:iam::123456789012:role/hardening
            source_profile = source
            external_id = \(Self.externalId)
            [profile echo]
            role_arn = arn:aws:iam::123456789012:role/echo
            source_profile = source
            """)
        let evidence = Evidence()
        let environment = ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL_STS": sts.url]
        try await Self.exercise(environment, profile: "role", evidence: evidence)
        try await Self.exercise(environment, profile: "echo", evidence: evidence, expectKey: false)
        evidence.expectNone(of: Self.serverSecrets + [Self.profileSecret, Self.profileToken, Self.externalId])
    }

    @Test("SSO: the cached token, its refresh token and client secret, the refreshed token, the role's credentials")
    func sso() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let portal = try await HostileServer.credentialServer(["--sso-refresh-token", Self.ssoRefreshToken])
        defer { portal.stop() }
        try directory.write(".aws/config", """
            [profile sso]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = Hardening
            [profile stale]
            sso_session = stale
            sso_account_id = 123456789012
            sso_role_name = Hardening
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            [sso-session stale]
            sso_start_url = https://stale.awsapps.com/start
            sso_region = us-east-1
            """)
        let expired = Date().addingTimeInterval(-60).formatted(.iso8601)
        let registration = Date().addingTimeInterval(86400).formatted(.iso8601)
        for (session, refresh) in [("corp", Self.ssoRefreshToken), ("stale", "revoked-\(Self.ssoRefreshToken)")] {
            try directory.write(".aws/sso/cache/\(SHA1.hexDigest(session)).json", """
                {"startUrl": "https://\(session).awsapps.com/start", "region": "us-east-1", "accessToken": "\(Self.ssoAccessToken)",
                 "expiresAt": "\(expired)", "clientId": "client-1", "clientSecret": "\(Self.ssoClientSecret)",
                 "registrationExpiresAt": "\(registration)", "refreshToken": "\(refresh)"}
                """)
        }
        let evidence = Evidence()
        let environment = ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true",
                           "AWS_ENDPOINT_URL_SSO": portal.url, "AWS_ENDPOINT_URL_SSO_OIDC": portal.url]
        try await Self.exercise(environment, profile: "sso", evidence: evidence)
        try await Self.exercise(environment, profile: "stale", evidence: evidence, expectKey: false)
        let refreshed = String(decoding: FileManager.default.contents(atPath: directory.path + "/.aws/sso/cache/\(SHA1.hexDigest("corp")).json") ?? Data(), as: UTF8.self)
        #expect(refreshed.contains("sso-access-refreshed-"), "the cache file was rewritten with the new token")
        // The portal request carries the token in a header: printed requests must not.
        let keeping = KeepingTransport(timeout: 5)
        _ = try await ProfileCredentialProvider(profile: "sso", environment: environment, transport: keeping).expiringCredentials()
        #expect(keeping.requests.contains { $0.headers[first: "x-amz-sso_bearer_token"]?.hasPrefix("sso-access-refreshed-") == true })
        for (index, request) in keeping.requests.enumerated() { evidence.add("sso request \(index)", request) }
        await keeping.client.shutdown()
        evidence.expectNone(of: Self.serverSecrets + [Self.ssoAccessToken, Self.ssoRefreshToken, Self.ssoClientSecret,
                                                      "sso-access-refreshed-", "sso-refresh-rotated-"])
    }

    @Test("instance metadata (IMDSv2) on loopback")
    func instanceMetadata() async throws {
        let imds = try await HostileServer.credentialServer()
        defer { imds.stop() }
        let evidence = Evidence()
        try await Self.exercise(["HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url], evidence: evidence)
        evidence.expectNone(of: Self.serverSecrets)
    }
}


/// Extends KMSTests' `KMSSecretBytes zeroes its storage when released` (a container built by
/// hand) to the containers the client itself builds from responses and from base64 input.
@Suite("Plaintext containers the client makes are zeroed when released")
struct PlaintextReleaseTests {
    /// The releases the witness saw: byte counts and whether every byte was zero.
    final class Releases: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [(count: Int, zeroed: Bool)] = []
        func record(_ buffer: UnsafeRawBufferPointer) {
            let zeroed = buffer.allSatisfy { $0 == 0 }
            lock.withLock { seen.append((buffer.count, zeroed)) }
        }
        var all: [(count: Int, zeroed: Bool)] { lock.withLock { seen } }
    }

    @Test("data keys, decrypted plaintexts and base64 plaintexts are all zero at release")
    func clientContainers() async throws {
        let server = try await HostileServer.start(mode: "normal")
        defer { server.stop() }
        let client = KMSClient(config: try hostileConfig(endpoint: server.url))
        let releases = Releases()
        KMSSecretBytes.witnessReleases { releases.record($0) }
        defer { KMSSecretBytes.witnessReleases(nil) }
        // Sizes no other test uses, so these releases can be told apart from concurrent ones.
        do {
            let key = try await client.generateDataKey(id: "alias/hostile", numberOfBytes: 37)
            #expect(key.plaintextBytes.withUnsafeBytes { Array($0) } == Secret.serverKey(37))
            let again = try await client.decrypt(ciphertextBlob: key.ciphertextBlob)
            #expect(again.plaintextBytes.count == 37)
            _ = try await client.encrypt(keyId: "alias/hostile", plaintextBase64: Data(Secret.serverKey(41)).base64EncodedString())
        }
        await client.shutdown()
        let seen = releases.all
        #expect(seen.filter { $0.count == 37 }.count >= 2, "the data key and the decrypted copy were released")
        #expect(seen.contains { $0.count == 41 }, "the container made from base64 was released")
        let notZeroed = seen.filter { !$0.zeroed }.map(\.count)
        #expect(notZeroed.isEmpty, "containers released with bytes left: \(notZeroed)")
    }
}
