import Testing

import KMS
import KMSTesting

/// Blobs as bytes beside the base64 strings: what a caller that stores bytes gets out and gives
/// back, through a real `KMSClient` over the in-memory KMS.
@Suite("Ciphertext blobs as bytes in and out")
struct CiphertextBytesTests {
    @Test("a data key's blob as bytes decrypts to the same key, and is the base64 string decoded")
    func dataKeyBytesRoundTrip() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let client = try kms.client()
        let dataKey = try await client.generateDataKey(id: keyArn, keySpec: .aes256, encryptionContext: ["app": "a"])
        let bytes = try #require(dataKey.ciphertextBlobBytes)
        #expect(bytes == Base64.decode(dataKey.ciphertextBlob))
        #expect(!bytes.isEmpty)

        let plaintext = try await client.decrypt(ciphertextBlob: bytes, encryptionContext: ["app": "a"])
        #expect(plaintext.plaintextBytes.withUnsafeBytes { Array($0) } == dataKey.plaintextBytes.withUnsafeBytes { Array($0) })
        #expect(kms.calls("Decrypt").count == 1)

        await #expect { try await client.decrypt(ciphertextBlob: bytes, encryptionContext: ["app": "b"]) } throws: {
            ($0 as? KMSError)?.code == .invalidCiphertext
        }
        await #expect { try await client.decrypt(ciphertextBlob: [UInt8]()) } throws: {
            ($0 as? KMSError)?.code == .validation
        }
    }

    @Test("encrypt, re-encrypt and encrypted-only data keys give bytes the byte-taking calls accept")
    func everyBlobKind() async throws {
        let kms = InMemoryKMS()
        let (first, second) = (kms.createKey(), kms.createKey())
        let client = try kms.client()
        let secret = KMSSecretBytes(copying: Array("a secret".utf8))
        let encrypted = try await client.encrypt(keyId: first, plaintext: secret)
        let encryptedBytes = try #require(encrypted.ciphertextBlobBytes)

        let moved = try await client.reEncrypt(ciphertextBlob: encryptedBytes, destinationKeyId: second)
        #expect(moved.keyId == second)
        let movedBytes = try #require(moved.ciphertextBlobBytes)
        let back = try await client.decrypt(ciphertextBlob: movedBytes, keyId: second)
        #expect(back.plaintextBytes.withUnsafeBytes { Array($0) } == Array("a secret".utf8))

        let stored = try await client.generateDataKeyWithoutPlaintext(keyId: first)
        #expect(stored.keyId == first)
        let storedBytes = try #require(stored.ciphertextBlobBytes)
        #expect(try await client.decrypt(ciphertextBlob: storedBytes).plaintextBytes.count == 32)
    }

    @Test("a blob string that is not base64 has no bytes rather than wrong ones")
    func notBase64() {
        let key = KMSEncryptedDataKey(keyId: "k", ciphertextBlob: "not base64!")
        #expect(key.ciphertextBlobBytes == nil)
        #expect(KMSCiphertext(keyId: "k", ciphertextBlob: "AQID").ciphertextBlobBytes == [1, 2, 3])
    }
}
