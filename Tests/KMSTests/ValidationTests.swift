import Testing

@testable import KMS
import KMSTestSupport
import AWSSigV4

/// Every client-side limit, at the edge and one past it. A rejected call must send nothing, so
/// each client here has no fixtures: any request would be reported as unexpected.
@Suite("Parameters are checked before sending, never more strictly than KMS")
struct ValidationTests {
    static let validBlob = Base64.encodeToString(Array(repeating: 7, count: 100))

    /// A client whose transport records an issue if anything is sent.
    func silentClient() throws -> (KMSClient, ReplayTransport) {
        try replayClient([])
    }

    func expectRejected(
        _ parameter: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ call: (KMSClient) async throws -> Void
    ) async throws {
        let (client, transport) = try silentClient()
        let error = await kmsError(sourceLocation: sourceLocation) { try await call(client) }
        #expect(error?.code == .validation, sourceLocation: sourceLocation)
        #expect(error?.status == nil, sourceLocation: sourceLocation)
        #expect(error?.message.contains(parameter) == true, "message: \(error?.message ?? "")", sourceLocation: sourceLocation)
        #expect(transport.requests.isEmpty, "nothing is sent", sourceLocation: sourceLocation)
    }

    /// Runs a call that passes validation: the empty transport then refuses it with a mismatch,
    /// which shows the request was built and sent.
    func expectSent(sourceLocation: SourceLocation = #_sourceLocation, _ call: (KMSClient) async throws -> Void) async throws {
        let transport = ReplayTransport([])
        let client = KMSClient(config: try Fake.config(), transport: transport, logger: nil)
        await #expect(throws: ReplayTransport.Mismatch.self, sourceLocation: sourceLocation) { try await call(client) }
        #expect(transport.requests.count == 1, sourceLocation: sourceLocation)
    }

    @Test("size: 1 and 1024 are sent; 0, -1 and 1025 are not", arguments: [1, 1024])
    func sizeAccepted(size: Int) async throws {
        try await expectSent { _ = try await $0.generateDataKey(id: "alias/k", size: size) }
    }

    @Test("size out of range", arguments: [0, -1, 1025, Int.max])
    func sizeRejected(size: Int) async throws {
        try await expectRejected("NumberOfBytes") { _ = try await $0.generateDataKey(id: "alias/k", size: size) }
        try await expectRejected("NumberOfBytes") { _ = try await $0.generateDataKeyWithoutPlaintext(keyId: "alias/k", numberOfBytes: size) }
    }

    @Test("key id: 1 and 2048 characters are sent", arguments: [1, 2048])
    func keyIdAccepted(length: Int) async throws {
        let id = String(repeating: "k", count: length)
        try await expectSent { _ = try await $0.generateDataKey(id: id) }
        try await expectSent { _ = try await $0.describeKey(keyId: id) }
        try await expectSent { _ = try await $0.encrypt(keyId: id, plaintext: [1]) }
    }

    @Test("key id: 0 and 2049 characters are not", arguments: [0, 2049])
    func keyIdRejected(length: Int) async throws {
        let id = String(repeating: "k", count: length)
        try await expectRejected("KeyId") { _ = try await $0.generateDataKey(id: id) }
        try await expectRejected("KeyId") { _ = try await $0.generateDataKey(id: id, keySpec: .aes256) }
        try await expectRejected("KeyId") { _ = try await $0.generateDataKeyWithoutPlaintext(keyId: id) }
        try await expectRejected("KeyId") { _ = try await $0.describeKey(keyId: id) }
        try await expectRejected("KeyId") { _ = try await $0.encrypt(keyId: id, plaintext: [1]) }
        try await expectRejected("KeyId") { _ = try await $0.decrypt(ciphertextBlob: Self.validBlob, encryptionContext: [:], keyId: id) }
    }

    @Test("grant tokens: 10 are sent, 11 are not; each token is 1...8192 characters")
    func grantTokens() async throws {
        let ten = (1...10).map { "token-\($0)" }
        try await expectSent { _ = try await $0.generateDataKey(id: "alias/k", keySpec: .aes256, grantTokens: ten) }
        try await expectSent { _ = try await $0.generateDataKey(id: "alias/k", keySpec: .aes256, grantTokens: [String(repeating: "g", count: 8192)]) }
        try await expectRejected("GrantTokens") { _ = try await $0.generateDataKey(id: "alias/k", keySpec: .aes256, grantTokens: ten + ["eleven"]) }
        try await expectRejected("GrantTokens") { _ = try await $0.generateDataKey(id: "alias/k", keySpec: .aes256, grantTokens: [""]) }
        try await expectRejected("GrantTokens") { _ = try await $0.generateDataKey(id: "alias/k", keySpec: .aes256, grantTokens: [String(repeating: "g", count: 8193)]) }
        try await expectRejected("GrantTokens") { _ = try await $0.decrypt(ciphertextBlob: Self.validBlob, encryptionContext: [:], grantTokens: ten + ["x"]) }
        try await expectRejected("GrantTokens") { _ = try await $0.encrypt(keyId: "k", plaintext: [1], grantTokens: ten + ["x"]) }
        try await expectRejected("GrantTokens") { _ = try await $0.describeKey(keyId: "k", grantTokens: ten + ["x"]) }
    }

    @Test("exactly one of NumberOfBytes and KeySpec")
    func exactlyOneSize() async throws {
        try await expectRejected("exactly one") { _ = try await $0.generateDataKeyWithoutPlaintext(keyId: "alias/k", keySpec: .aes128, numberOfBytes: 16) }
        try await expectSent { _ = try await $0.generateDataKeyWithoutPlaintext(keyId: "alias/k", numberOfBytes: 16) }
        try await expectSent { _ = try await $0.generateDataKeyWithoutPlaintext(keyId: "alias/k", keySpec: .aes128) }
    }

    @Test("limit: 1 and 1000 are sent", arguments: [1, 1000])
    func limitAccepted(limit: Int) async throws {
        try await expectSent { _ = try await $0.listKeys(limit: limit) }
    }

    @Test("limit: 0, -5 and 1001 are not", arguments: [0, -5, 1001])
    func limitRejected(limit: Int) async throws {
        try await expectRejected("Limit") { _ = try await $0.listKeys(limit: limit) }
        try await expectRejected("Limit") { for try await _ in $0.keys(pageSize: limit) {} }
    }

    @Test("marker: empty and over 320 characters are rejected")
    func marker() async throws {
        try await expectRejected("Marker") { _ = try await $0.listKeys(marker: "") }
        try await expectRejected("Marker") { _ = try await $0.listKeys(marker: String(repeating: "m", count: 321)) }
        try await expectSent { _ = try await $0.listKeys(marker: String(repeating: "m", count: 320)) }
    }

    @Test(
        "ciphertext blobs must be valid base64 of 1...6144 bytes",
        arguments: ["", "not base64!", "AAA", "AAAA=", "A===", "AA=A", "AAAA\n", " AAAA",
                    Base64.encodeToString(Array(repeating: 1, count: 6145))])
    func invalidBlob(blob: String) async throws {
        try await expectRejected("CiphertextBlob") { _ = try await $0.decrypt(ciphertextBlob: blob) }
    }

    @Test("blobs of 1 and 6144 bytes are sent", arguments: [1, 6144])
    func validBlob(count: Int) async throws {
        let blob = Base64.encodeToString(Array(repeating: 9, count: count))
        try await expectSent { _ = try await $0.decrypt(ciphertextBlob: blob) }
    }

    @Test("plaintext: 1 and 4096 bytes are sent, 0 and 4097 are not")
    func plaintextSize() async throws {
        try await expectSent { _ = try await $0.encrypt(keyId: "k", plaintext: [0]) }
        try await expectSent { _ = try await $0.encrypt(keyId: "k", plaintext: Array(repeating: 1, count: 4096)) }
        try await expectSent { _ = try await $0.encrypt(keyId: "k", plaintextBase64: Base64.encodeToString(Array(repeating: 1, count: 4096))) }
        try await expectRejected("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintext: []) }
        try await expectRejected("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintext: Array(repeating: 1, count: 4097)) }
        try await expectRejected("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintextBase64: "") }
        try await expectRejected("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintextBase64: "AAE") }
        try await expectRejected("Plaintext") { _ = try await $0.encrypt(keyId: "k", plaintextBase64: "AA!=") }
    }

    @Test("createKey descriptions up to 8192 characters")
    func description() async throws {
        try await expectSent { _ = try await $0.createKey(description: String(repeating: "d", count: 8192)) }
        try await expectSent { _ = try await $0.createKey() }
        try await expectRejected("Description") { _ = try await $0.createKey(description: String(repeating: "d", count: 8193)) }
    }

    @Test("credentials from a provider that would break a header are refused before sending")
    func providerCredentials() async throws {
        struct Provider: AWSCredentialProvider {
            let token: String
            func credentials() async throws -> AWSCredentials {
                AWSCredentials(accessKeyId: "AKIAFAKE", secretAccessKey: "s", sessionToken: token)
            }
        }
        let transport = ReplayTransport([])
        let config = try AWSConfig(region: "us-east-1", credentialProvider: Provider(token: "abc\r\nX-Injected: 1"), endpoint: Fake.endpoint)
        let client = KMSClient(config: config, transport: transport, logger: nil)
        let error = await kmsError { try await client.listKeys() }
        #expect(error?.code == .validation)
        #expect(error?.description.contains("X-Injected") == false)
        #expect(transport.requests.isEmpty)
    }

    @Test("values that need JSON escaping are escaped, not rejected")
    func escaping() async throws {
        let transport = ReplayTransport([])
        let client = KMSClient(config: try Fake.config(), transport: transport, logger: nil)
        let id = "alias/quote\"back\\slash\nnewline\u{1}ünï"
        _ = try? await client.generateDataKey(id: id, keySpec: .aes256, encryptionContext: ["k\"": "v\n"])
        let body = try #require(transport.requests.first.flatMap(sentBody))
        #expect(body["KeyId"] == .string(id))
        #expect(body["EncryptionContext"] == .object(["k\"": .string("v\n")]))
    }
}
