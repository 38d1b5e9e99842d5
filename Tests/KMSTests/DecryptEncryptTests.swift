import Testing

@testable import KMS
import KMSTestSupport

@Suite("Decrypt and Encrypt")
struct DecryptEncryptTests {
    @Test("the documented Decrypt example, with the key named")
    func documentedDecrypt() async throws {
        let (client, transport, fixture) = try replayClient("Decrypt/documented")
        let sent = try #require(fixture.request.body)
        let blob = try #require(sent["CiphertextBlob"]?.stringValue)
        let plaintext = try await client.decrypt(
            ciphertextBlob: blob, encryptionContext: [:],
            keyId: "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        expectWellFormedRequests(transport, operations: ["Decrypt"])
        #expect(sentBody(transport.requests[0]) == sent)
        #expect(plaintext.keyId == "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(plaintext.plaintextBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == "This is Day 1 for the Internet\n")
        #expect(plaintext.plaintext == "VGhpcyBpcyBEYXkgMSBmb3IgdGhlIEludGVybmV0Cg==")
        #expect(plaintext.encryptionAlgorithm == "SYMMETRIC_DEFAULT")
    }

    @Test("decrypt(ciphertextBlob:) sends only the blob")
    func simpleDecrypt() async throws {
        let (client, transport, fixture) = try replayClient("Decrypt/simple")
        let blob = try #require(fixture.request.body?["CiphertextBlob"]?.stringValue)
        let plaintext = try await client.decrypt(ciphertextBlob: blob)
        expectWellFormedRequests(transport, operations: ["Decrypt"])
        #expect(sentBody(transport.requests[0]) == .object(["CiphertextBlob": .string(blob)]))
        #expect(plaintext.plaintext == Fake.plaintext32Base64)
        #expect(plaintext.keyId == Fake.keyArn)
    }

    @Test("context, grant tokens and key id go on the wire")
    func decryptWithContext() async throws {
        let (client, transport, fixture) = try replayClient("Decrypt/with-context")
        let blob = try #require(fixture.request.body?["CiphertextBlob"]?.stringValue)
        let plaintext = try await client.decrypt(
            ciphertextBlob: blob, encryptionContext: ["purpose": "fixture"],
            grantTokens: ["fake-grant-token-1"], keyId: Fake.keyArn)
        expectWellFormedRequests(transport, operations: ["Decrypt"])
        #expect(sentBody(transport.requests[0]) == fixture.request.body)
        #expect(plaintext.plaintextBytes.withUnsafeBytes { Array($0) } == Fake.plaintext32)
    }

    @Test("a Plaintext that is not base64 is invalidResponse, and the excerpt does not carry it")
    func invalidBase64Plaintext() async throws {
        let (client, _, fixture) = try replayClient("Decrypt/invalid-base64-plaintext")
        let blob = try #require(fixture.request.body?["CiphertextBlob"]?.stringValue)
        let error = await kmsError { try await client.decrypt(ciphertextBlob: blob) }
        #expect(error?.code == .invalidResponse)
        #expect(error?.message.contains("base64") == true)
        #expect(error?.bodyExcerpt?.contains("not-base64") == false)
        #expect(error?.description.contains("QUJD*") == false)
    }

    @Test("a 200 without Plaintext is invalidResponse")
    func missingPlaintext() async throws {
        let (client, _, fixture) = try replayClient("Decrypt/missing-plaintext")
        let blob = try #require(fixture.request.body?["CiphertextBlob"]?.stringValue)
        let error = await kmsError { try await client.decrypt(ciphertextBlob: blob) }
        #expect(error?.code == .invalidResponse)
        #expect(error?.message.contains("Plaintext") == true)
    }

    @Test("encrypt with bytes, base64 or a secret container sends the same body")
    func encryptOverloads() async throws {
        let bytesFixture = try fixture("Encrypt/bytes")
        let (client, transport) = try replayClient([bytesFixture, bytesFixture, bytesFixture])
        let context = ["purpose": "fixture"]
        let fromBytes = try await client.encrypt(keyId: "alias/fixture-key", plaintext: Fake.plaintext32, encryptionContext: context)
        let fromBase64 = try await client.encrypt(keyId: "alias/fixture-key", plaintextBase64: Fake.plaintext32Base64, encryptionContext: context)
        let fromSecret = try await client.encrypt(
            keyId: "alias/fixture-key", plaintext: KMSSecretBytes(copying: Fake.plaintext32), encryptionContext: context)
        expectWellFormedRequests(transport, operations: ["Encrypt", "Encrypt", "Encrypt"])
        for request in transport.requests {
            #expect(sentBody(request) == bytesFixture.request.body)
        }
        let expected = try #require(Fixture.JSON(parsing: bytesFixture.response.bodyBytes))
        for ciphertext in [fromBytes, fromBase64, fromSecret] {
            #expect(ciphertext.keyId == Fake.keyArn)
            #expect(ciphertext.ciphertextBlob == expected["CiphertextBlob"]?.stringValue)
            #expect(ciphertext.encryptionAlgorithm == "SYMMETRIC_DEFAULT")
        }
    }
}

@Suite("Decrypt's optional parameters")
struct DecryptOptionalParametersTests {
    @Test("keyId alone can be given, without an encryption context")
    func keyIdOnly() async throws {
        let (client, transport, fixture) = try replayClient("Decrypt/documented")
        let blob = try #require(fixture.request.body?["CiphertextBlob"]?.stringValue)
        let keyId = try #require(fixture.request.body?["KeyId"]?.stringValue)
        let plaintext = try await client.decrypt(ciphertextBlob: blob, keyId: keyId)
        #expect(plaintext.plaintextBytes.count == 31)
        #expect(sentBody(transport.requests[0]) == fixture.request.body)
    }
}
