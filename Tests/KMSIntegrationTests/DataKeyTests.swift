import KMS
import KMSTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Data keys, decrypt and encrypt against moto with signature verification on.
@Suite("Data keys against a local KMS", .localKMSAvailable, .localKMS)
struct DataKeyTests {
    @Test("generateDataKey(id:size:) gives a plaintext of that many bytes and a blob under the key", arguments: [1, 16, 32, 64, 1024])
    func generateBySize(size: Int) async throws {
        let server = try LocalKMSScope.server()
        let dataKey = try await TestClient.with(server, label: size == 32 ? nil : "size\(size)") {
            try await $0.generateDataKey(id: server.keyId, size: size)
        }
        #expect(try bytes(dataKey.plaintext).count == size)
        #expect(dataKey.id == server.keyArn)
        #expect(try !bytes(dataKey.ciphertextBlob).isEmpty)
    }

    @Test(
        "generateDataKey with a key spec and an encryption context gives the spec's length",
        arguments: [(KMSDataKeySpec.aes256, 32), (KMSDataKeySpec.aes128, 16)]
    )
    func generateByKeySpec(spec: KMSDataKeySpec, length: Int) async throws {
        let server = try LocalKMSScope.server()
        let dataKey = try await TestClient.with(server, label: "\(spec)-context") {
            try await $0.generateDataKey(id: server.keyId, keySpec: spec, encryptionContext: ["purpose": "test", "spec": "\(spec)"])
        }
        #expect(try bytes(dataKey.plaintext).count == length)
        #expect(dataKey.id == server.keyArn)
    }

    @Test("two data keys are different keys")
    func dataKeysDiffer() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "twice") { client in
            let first = try await client.generateDataKey(id: server.keyId, size: 32)
            let second = try await client.generateDataKey(id: server.keyId, size: 32)
            #expect(first.plaintext != second.plaintext)
            #expect(first.ciphertextBlob != second.ciphertextBlob)
        }
    }

    @Test("decrypt gives back the same key bytes generateDataKey returned, and the key's ARN")
    func decryptRoundTrip() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "roundTrip") { client in
            let dataKey = try await client.generateDataKey(id: server.keyId, size: 32)
            let decrypted = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob)
            #expect(try bytes(decrypted.plaintext) == bytes(dataKey.plaintext))
            #expect(decrypted.keyId == server.keyArn)
        }
    }

    @Test("decrypt with the encryption context the key was made with succeeds; another context or none fails")
    func decryptNeedsTheSameContext() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "context") { client in
            let context = ["tenant": "a", "purpose": "round-trip"]
            let dataKey = try await client.generateDataKey(id: server.keyId, keySpec: .aes256, encryptionContext: context)
            let decrypted = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: context)
            #expect(try bytes(decrypted.plaintext) == bytes(dataKey.plaintext))
        }
        try await TestClient.with(server, label: "wrongContext") { client in
            let dataKey = try await client.generateDataKey(id: server.keyId, keySpec: .aes256, encryptionContext: ["tenant": "a"])
            await #expect {
                try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: ["tenant": "b"])
            } throws: { error in
                (error as? KMSError)?.code == .invalidCiphertext
            }
            await #expect {
                try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob)
            } throws: { error in
                (error as? KMSError)?.code == .invalidCiphertext
            }
        }
    }

    @Test("encrypt then decrypt gives the same bytes back")
    func encryptDecrypt() async throws {
        let server = try LocalKMSScope.server()
        let secret: [UInt8] = (0..<100).map { _ in UInt8.random(in: 0...255) }
        try await TestClient.with(server, label: nil) { client in
            let encrypted = try await client.encrypt(keyId: server.keyId, plaintextBase64: Data(secret).base64EncodedString())
            #expect(encrypted.keyId == server.keyArn)
            let decrypted = try await client.decrypt(ciphertextBlob: encrypted.ciphertextBlob)
            #expect(try bytes(decrypted.plaintext) == secret)
        }
    }

    @Test("decrypt with keyId set to the key that made the blob succeeds")
    func decryptWithKeyId() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "keyId") { client in
            let dataKey = try await client.generateDataKey(id: server.keyId, size: 16)
            let decrypted = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: [:], keyId: server.keyArn)
            #expect(try bytes(decrypted.plaintext) == bytes(dataKey.plaintext))
        }
    }
}

/// The bytes of a base64 string; fails the test when it is not base64.
func bytes(_ base64: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    [UInt8](try #require(Data(base64Encoded: base64), "not base64: \(base64.count) characters", sourceLocation: sourceLocation))
}
