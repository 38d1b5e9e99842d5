import Testing

@testable import KMS
import KMSTestSupport
import KMSTesting

@Suite("GenerateDataKey and GenerateDataKeyWithoutPlaintext")
struct GenerateDataKeyTests {
    @Test("generateDataKey(id:size:) sends NumberOfBytes and returns id, blob and plaintext")
    func simpleCall() async throws {
        let (client, transport, fixture) = try replayClient("GenerateDataKey/number-of-bytes-32")
        let dataKey = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        expectWellFormedRequests(transport, operations: ["GenerateDataKey"])
        #expect(sentBody(transport.requests[0]) == .object(["KeyId": .string("alias/fixture-key"), "NumberOfBytes": .number(32)]))
        let body = try #require(Fixture.JSON(parsing: fixture.response.bodyBytes))
        #expect(dataKey.id == Fake.keyArn)
        #expect(dataKey.ciphertextBlob == body["CiphertextBlob"]?.stringValue)
        #expect(dataKey.plaintext == Fake.plaintext32Base64)
        #expect(dataKey.plaintextBytes.withUnsafeBytes { Array($0) } == Fake.plaintext32)
        #expect(dataKey.keyMaterialId == nil)
    }

    @Test("size defaults to 32 bytes, asked as NumberOfBytes, and the key decrypts back")
    func defaultSize() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        try kms.createAlias("alias/app-key", keyId: keyArn)
        let client = try kms.client()
        let dataKey = try await client.generateDataKey(id: "alias/app-key")
        #expect(kms.calls("GenerateDataKey").map(\.numberOfBytes) == [32])
        #expect(dataKey.plaintextBytes.count == 32)
        #expect(dataKey.id == keyArn)
        let again = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob)
        #expect(again.plaintextBytes.withUnsafeBytes { Array($0) } == dataKey.plaintextBytes.withUnsafeBytes { Array($0) })
    }

    @Test("the documented example: KeySpec AES_256 by alias")
    func documented() async throws {
        let (client, transport, _) = try replayClient("GenerateDataKey/documented")
        let dataKey = try await client.generateDataKey(id: "alias/ExampleAlias", keySpec: .aes256)
        expectWellFormedRequests(transport, operations: ["GenerateDataKey"])
        #expect(sentBody(transport.requests[0]) == .object(["KeyId": .string("alias/ExampleAlias"), "KeySpec": .string("AES_256")]))
        #expect(dataKey.id == "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(dataKey.plaintext == "VdzKNHGzUAzJeRBVY+uUmofUGGiDzyB3+i9fVkh3piw=")
        #expect(dataKey.plaintextBytes.count == 32)
        #expect(Base64.decode(dataKey.ciphertextBlob)?.count == 167)
        #expect(dataKey.keyMaterialId == "0b7fd7ddbac6eef27907413567cad8c810e2883dc8a7534067a82ee1142fc1e6")
    }

    @Test("KeySpec, encryption context and grant tokens go on the wire")
    func fullParameters() async throws {
        let (client, transport, _) = try replayClient("GenerateDataKey/key-spec-aes128-context-grants")
        let dataKey = try await client.generateDataKey(
            id: "0d990263-018e-4e65-a703-eff731de951e", keySpec: .aes128,
            encryptionContext: ["purpose": "fixture", "tenant": "t-1"],
            grantTokens: ["fake-grant-token-1", "fake-grant-token-2"])
        expectWellFormedRequests(transport, operations: ["GenerateDataKey"])
        #expect(sentBody(transport.requests[0]) == .object([
            "KeyId": .string("0d990263-018e-4e65-a703-eff731de951e"),
            "KeySpec": .string("AES_128"),
            "EncryptionContext": .object(["purpose": .string("fixture"), "tenant": .string("t-1")]),
            "GrantTokens": .array([.string("fake-grant-token-1"), .string("fake-grant-token-2")]),
        ]))
        #expect(dataKey.plaintextBytes.withUnsafeBytes { Array($0) } == Array(0..<16))
        #expect(dataKey.keyMaterialId == "fake-key-material-1")
    }

    @Test("a pretty-printed response with spaces around colons")
    func prettyPrinted() async throws {
        let (client, _, _) = try replayClient("GenerateDataKey/pretty-printed")
        let dataKey = try await client.generateDataKey(id: "alias/fixture-key", numberOfBytes: 32)
        #expect(dataKey.plaintext == Fake.plaintext32Base64)
        #expect(dataKey.id == Fake.keyArn)
    }

    @Test("dryRun sends DryRun and KMS's answer is a dryRun error")
    func dryRun() async throws {
        let (client, transport, _) = try replayClient("GenerateDataKey/dry-run")
        let error = await kmsError { try await client.generateDataKey(id: "alias/fixture-key", numberOfBytes: 32, dryRun: true) }
        #expect(error?.code == .dryRun)
        #expect(error?.status == 412)
        #expect(sentBody(transport.requests[0])?["DryRun"] == .bool(true))
    }

    @Test("without plaintext: KeySpec AES_256 by default, no plaintext in the result type")
    func withoutPlaintext() async throws {
        let (client, transport, _) = try replayClient("GenerateDataKeyWithoutPlaintext/aes256")
        let key = try await client.generateDataKeyWithoutPlaintext(keyId: "alias/fixture-key")
        expectWellFormedRequests(transport, operations: ["GenerateDataKeyWithoutPlaintext"])
        #expect(sentBody(transport.requests[0]) == .object(["KeyId": .string("alias/fixture-key"), "KeySpec": .string("AES_256")]))
        #expect(key.keyId == Fake.keyArn)
        #expect(Base64.decode(key.ciphertextBlob) != nil)
    }

    @Test("a data key's description hides the plaintext")
    func redaction() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let dataKey = try await kms.client().generateDataKey(id: keyArn, size: 32)
        let hex = dataKey.plaintextBytes.withUnsafeBytes { $0.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
        for text in [dataKey.description, dataKey.debugDescription, "\(dataKey)", String(reflecting: dataKey.plaintextBytes)] {
            #expect(!text.contains(dataKey.plaintext))
            #expect(!text.contains(hex))
            #expect(text.contains("redacted"))
        }
        #expect(dataKey.description.contains(keyArn))
    }
}
