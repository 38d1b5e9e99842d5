import Foundation
import Testing

@testable import KMS
import AWSSigV4
import CurlHTTP

/// What KMSTests' ValidationTests does not already cover: control characters, NUL, U+FFFD and
/// huge values in every parameter, the Marker's pattern, and line breaks in every value that
/// ends up in a header (region, endpoint, credentials).
@Suite("Inputs at and past their limits are refused before anything is sent; no header injection")
struct InputLimitTests {
    /// Characters a `String` can carry that a careless client would pass through.
    static let hostileCharacters = ["\r\n", "\n", "\r", "\0", "\u{1}", "\u{7F}", "\u{FFFD}", "\u{85}", "\u{2028}"]

    /// A client whose transport fails the test if anything is sent.
    static func silentClient() throws -> (KMSClient, MustNotSendTransport) {
        let transport = MustNotSendTransport()
        return (KMSClient(config: try hostileConfig(endpoint: "http://127.0.0.1:9"), transport: transport, logger: nil), transport)
    }

    /// A client whose transport records the request and answers 400, so a test can see what
    /// would have gone on the wire.
    static func recordingClient() throws -> (KMSClient, Recorder) {
        let recorder = Recorder()
        return (KMSClient(config: try hostileConfig(endpoint: "http://127.0.0.1:9"), transport: recorder, logger: nil), recorder)
    }

    final class Recorder: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [HTTPRequest] = []
        var requests: [HTTPRequest] { lock.withLock { kept } }

        func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
            lock.withLock { kept.append(request) }
            return HTTPResponse(status: 400, headers: [:], body: Array(#"{"__type":"ValidationException","message":"recorded"}"#.utf8))
        }

        /// The last request's JSON body.
        func lastBody() throws -> [String: Any] {
            let body = try #require(requests.last?.body)
            return try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        }
    }

    func expectRefused(
        _ parameter: String, sourceLocation: SourceLocation = #_sourceLocation, _ call: (KMSClient) async throws -> Void
    ) async throws {
        let (client, transport) = try Self.silentClient()
        let (result, _) = await outcome { try await call(client) }
        #expect(result.kmsCode == .validation, "\(parameter): got \(result)", sourceLocation: sourceLocation)
        #expect(result.error.map { "\($0)".contains(parameter) } == true, "\(result)", sourceLocation: sourceLocation)
        #expect(transport.requests.isEmpty, sourceLocation: sourceLocation)
    }

    // MARK: Header-bound values: region, endpoint, credentials

    @Test("regions with line breaks, control characters, U+FFFD, spaces, upper case or huge length are refused",
          arguments: hostileCharacters + [" ", "A", "_", "/", ".", String(repeating: "a", count: 100_000)])
    func region(bad: String) throws {
        for region in ["us-east-1" + bad, bad + "us-east-1", "us-\(bad)east-1"] {
            #expect(throws: AWSConfigError.self) {
                try AWSConfig(region: region, accessKeyId: Secret.accessKeyId, secretAccessKey: Secret.secretAccessKey)
            }
            #expect(throws: AWSConfigError.self) {
                try AWSConfig.load(region: region, environment: ["HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"])
            }
            #expect(throws: AWSConfigError.self) {
                try AWSConfig.fromEnvironment(["AWS_REGION": region, "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"])
            }
        }
        #expect(throws: AWSConfigError.self) {
            try AWSConfig(region: "", accessKeyId: Secret.accessKeyId, secretAccessKey: Secret.secretAccessKey)
        }
    }

    @Test("endpoints with line breaks, control characters, U+FFFD, spaces or huge length are refused",
          arguments: hostileCharacters + [" ", "\t", String(repeating: "h", count: 100_000)])
    func endpoint(bad: String) throws {
        for endpoint in ["http://127.0.0.1:9" + bad, "http://127.0.0.1\(bad):9", bad + "http://127.0.0.1:9",
                         "http://127.0.0.1:9\(bad)Host: evil.example"] {
            #expect(throws: AWSConfigError.self) {
                try AWSConfig(region: "us-east-1", accessKeyId: Secret.accessKeyId, secretAccessKey: Secret.secretAccessKey, endpoint: endpoint)
            }
            #expect(throws: AWSConfigError.self) {
                try AWSConfig.load(region: "us-east-1", environment: ["AWS_ENDPOINT_URL_KMS": endpoint, "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"])
            }
        }
    }

    @Test("endpoints with a path, query, user info, a bad port or scheme are refused",
          arguments: ["", "http://", "ftp://127.0.0.1", "http://127.0.0.1:9/path", "http://127.0.0.1:9?x=1",
                      "http://user:pass@127.0.0.1:9", "http://127.0.0.1:99999", "http://127.0.0.1:-1",
                      "http://127.0.0.1:9#f", "http://[::1", "http://127.0.0.1:x",
                      "http://" + String(repeating: "a", count: 64) + ".example", "http://" + String(repeating: "a.", count: 127) + "a"])
    func endpointShape(endpoint: String) throws {
        #expect(throws: AWSConfigError.self) {
            try AWSConfig(region: "us-east-1", accessKeyId: Secret.accessKeyId, secretAccessKey: Secret.secretAccessKey, endpoint: endpoint)
        }
    }

    @Test("credentials with line breaks or control characters are refused, empty ones too",
          arguments: ["", "\r\n", "\n", "\r", "\0", "\u{1}", "\u{7F}", "\t"])
    func staticCredentials(bad: String) throws {
        let value = bad.isEmpty ? "" : "abc" + bad + "X-Injected: 1"
        #expect(throws: AWSConfigError.self) { try AWSConfig(region: "us-east-1", accessKeyId: value, secretAccessKey: Secret.secretAccessKey) }
        #expect(throws: AWSConfigError.self) { try AWSConfig(region: "us-east-1", accessKeyId: Secret.accessKeyId, secretAccessKey: value) }
        #expect(throws: AWSConfigError.self) {
            try AWSConfig(region: "us-east-1", accessKeyId: Secret.accessKeyId, secretAccessKey: Secret.secretAccessKey, sessionToken: value)
        }
        if !bad.isEmpty {
            let environment = ["AWS_REGION": "us-east-1", "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"]
            #expect(throws: AWSConfigError.self) {
                try AWSConfig.fromEnvironment(environment.merging(["AWS_ACCESS_KEY_ID": value, "AWS_SECRET_ACCESS_KEY": "s"]) { $1 })
            }
            #expect(throws: AWSConfigError.self) {
                try AWSConfig.fromEnvironment(environment.merging(["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": value]) { $1 })
            }
            #expect(throws: AWSConfigError.self) {
                try AWSConfig.fromEnvironment(environment.merging(["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": value]) { $1 })
            }
        }
    }

    struct HeaderBreakingProvider: AWSCredentialProvider {
        var accessKeyId = "AKIAFAKE"
        var sessionToken: String?
        func credentials() async throws -> AWSCredentials {
            AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: "secret", sessionToken: sessionToken)
        }
    }

    @Test("a custom provider's access key id or token that would break a header is refused before sending",
          arguments: ["\r\nX-Injected: 1", "\n", "\0", "\u{1}"])
    func providerCredentials(bad: String) async throws {
        for provider in [HeaderBreakingProvider(accessKeyId: "AKIA" + bad), HeaderBreakingProvider(sessionToken: "token" + bad)] {
            let transport = MustNotSendTransport()
            var config = try AWSConfig(region: "us-east-1", credentialProvider: provider, endpoint: "http://127.0.0.1:9")
            config.retry = RetryConfiguration(maxAttempts: 3, baseDelay: .milliseconds(1))
            let client = KMSClient(config: config, transport: transport, logger: nil)
            let (result, _) = await outcome { _ = try await client.generateDataKey(id: "alias/k") }
            #expect(result.kmsCode == .validation, "\(result)")
            #expect(transport.requests.isEmpty)
        }
    }

    // MARK: Body values: sent as JSON strings, never refused for their characters

    @Test("key ids, grant tokens, encryption context and descriptions carrying any character are sent escaped",
          arguments: hostileCharacters + ["\"", "\\", "</x>", "\u{10FFFF}", "é"])
    func bodyValuesAreEscaped(odd: String) async throws {
        let (client, recorder) = try Self.recordingClient()
        let id = "alias/k" + odd
        _ = try? await client.generateDataKey(id: id, keySpec: .aes256, encryptionContext: ["k" + odd: "v" + odd, "": ""], grantTokens: ["g" + odd])
        var body = try recorder.lastBody()
        #expect(body["KeyId"] as? String == id)
        #expect(body["EncryptionContext"] as? [String: String] == ["k" + odd: "v" + odd, "": ""])
        #expect(body["GrantTokens"] as? [String] == ["g" + odd])
        _ = try? await client.createKey(description: "d" + odd)
        body = try recorder.lastBody()
        #expect(body["Description"] as? String == "d" + odd)
        _ = try? await client.encrypt(keyId: id, plaintext: [0, 13, 10], encryptionContext: ["c": odd])
        body = try recorder.lastBody()
        #expect(body["EncryptionContext"] as? [String: String] == ["c": odd])
        #expect(body["Plaintext"] as? String == "AA0K")
        // Nothing of the value reached a header.
        for request in recorder.requests {
            for field in request.headers.fields {
                let breaksLine = field.value.utf8.contains { $0 < 0x20 }
                #expect(!breaksLine, "\(field.name)")
            }
            #expect(request.headers.fields.count == 7)
        }
        #expect(recorder.requests.count == 3)
    }

    @Test("a huge encryption context is sent whole, and the same client then sends a normal call")
    func hugeEncryptionContext() async throws {
        let (client, recorder) = try Self.recordingClient()
        let context = Dictionary(uniqueKeysWithValues: (0..<1000).map { ("key-\($0)", String(repeating: "v", count: 100)) })
        _ = try? await client.generateDataKey(id: "alias/k", keySpec: .aes128, encryptionContext: context)
        #expect((try recorder.lastBody()["EncryptionContext"] as? [String: String])?.count == 1000)
        _ = try? await client.listKeys(limit: 1)
        #expect(recorder.requests.count == 2)
    }

    // MARK: Limits

    @Test("key ids: huge ones are refused at once; multi-byte characters count as characters")
    func keyIdLength() async throws {
        try await expectRefused("KeyId") { _ = try await $0.generateDataKey(id: String(repeating: "k", count: 1_000_000)) }
        try await expectRefused("KeyId") { _ = try await $0.describeKey(keyId: String(repeating: "é", count: 2049)) }
        let (client, recorder) = try Self.recordingClient()
        _ = try? await client.describeKey(keyId: String(repeating: "é", count: 2048))
        #expect(recorder.requests.count == 1, "2048 two-byte characters are within KMS's 2048-character limit")
    }

    @Test("marker: 320 characters of U+0020...U+00FF are sent; 321, control characters and anything past U+00FF are not")
    func marker() async throws {
        let (client, recorder) = try Self.recordingClient()
        // KMS's pattern [\u0020-\u00FF] takes DEL and the C1 controls: so does the client.
        for marker in [String(repeating: "m", count: 320), " ", "\u{FF}", "a b~ÿ", String(repeating: "ÿ", count: 320), "\u{7F}m", "\u{85}"] {
            _ = try? await client.listKeys(limit: nil, marker: marker)
            #expect(try recorder.lastBody()["Marker"] as? String == marker)
        }
        #expect(recorder.requests.count == 7)
        for marker in [String(repeating: "m", count: 321), "m\n", "m\r\n", "\0", "\u{1F}", "\u{100}", "\u{FFFD}", "😀", ""] {
            try await expectRefused("Marker") { _ = try await $0.listKeys(limit: nil, marker: marker) }
            try await expectRefused("Marker") { _ = try await $0.listKeys(limit: 10, marker: marker) }
        }
    }

    @Test("grant tokens: huge lists and huge tokens are refused at once")
    func grantTokens() async throws {
        let many = Array(repeating: "g", count: 100_000)
        try await expectRefused("GrantTokens") { _ = try await $0.generateDataKey(id: "k", keySpec: .aes256, grantTokens: many) }
        try await expectRefused("GrantTokens") { _ = try await $0.decrypt(ciphertextBlob: "AAAA", grantTokens: [String(repeating: "g", count: 1_000_000)]) }
        try await expectRefused("GrantTokens") { _ = try await $0.generateDataKeyWithoutPlaintext(keyId: "k", grantTokens: [""]) }
        try await expectRefused("GrantTokens") { _ = try await $0.encrypt(keyId: "k", plaintext: [1], grantTokens: Array(repeating: "g", count: 11)) }
    }

    @Test("plaintext and ciphertext: huge values are refused at once, base64 with line breaks too")
    func blobs() async throws {
        try await expectRefused("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintext: Array(repeating: 1, count: 1 << 20)) }
        try await expectRefused("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintextBase64: "AAAA\r\nAAAA") }
        try await expectRefused("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintextBase64: "AAAA\0") }
        try await expectRefused("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintext: KMSSecretBytes(copying: [])) }
        try await expectRefused("CiphertextBlob") { _ = try await $0.decrypt(ciphertextBlob: String(repeating: "A", count: 1 << 20)) }
        try await expectRefused("CiphertextBlob") { _ = try await $0.decrypt(ciphertextBlob: "AAAA\r\n") }
        try await expectRefused("CiphertextBlob") { _ = try await $0.decrypt(ciphertextBlob: "AA\u{FFFD}A") }
    }

    @Test("NumberOfBytes and Limit at the extremes of Int")
    func integers() async throws {
        for size in [Int.min, -1, 0, 1025, Int.max] {
            try await expectRefused("NumberOfBytes") { _ = try await $0.generateDataKey(id: "k", numberOfBytes: size) }
        }
        for limit in [Int.min, 0, 1001, Int.max] {
            try await expectRefused("Limit") { _ = try await $0.listKeys(limit: limit) }
        }
    }

    @Test("descriptions: empty and 8192 characters are sent; 8193 and a megabyte are not")
    func description() async throws {
        let (client, recorder) = try Self.recordingClient()
        _ = try? await client.createKey(description: "")
        #expect(try recorder.lastBody()["Description"] as? String == "")
        _ = try? await client.createKey(description: String(repeating: "\n", count: 8192))
        #expect(recorder.requests.count == 2)
        try await expectRefused("Description") { _ = try await $0.createKey(description: String(repeating: "d", count: 8193)) }
        try await expectRefused("Description") { _ = try await $0.createKey(description: String(repeating: "d", count: 1 << 20)) }
    }
}
