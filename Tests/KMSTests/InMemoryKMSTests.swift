import Testing

import KMS
import KMSTesting
import CurlHTTP

/// KMSTesting's in-memory KMS through a real `KMSClient`: the round trips, bindings and refusals
/// that code under test relies on, and the faults it can inject.
@Suite("InMemoryKMS behaves like KMS for the client")
struct InMemoryKMSTests {
    @Test("a data key decrypts to the same bytes, only with its exact encryption context")
    func dataKeyBoundToContext() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey(description: "orders")
        let client = try kms.client()
        let context = ["tenant": "t-1", "purpose": "orders"]
        let dataKey = try await client.generateDataKey(id: keyArn, keySpec: .aes256, encryptionContext: context)
        #expect(dataKey.id == keyArn)
        #expect(dataKey.plaintextBytes.count == 32)
        #expect(kms.calls("GenerateDataKey").map(\.encryptionContext) == [context])

        let again = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: context)
        #expect(again.keyId == keyArn)
        #expect(again.plaintextBytes.withUnsafeBytes { Array($0) } == dataKey.plaintextBytes.withUnsafeBytes { Array($0) })

        for wrong in [[:], ["tenant": "t-2", "purpose": "orders"], context.merging(["extra": "x"]) { a, _ in a }] {
            await #expect { try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: wrong) } throws: {
                ($0 as? KMSError)?.code == .invalidCiphertext && ($0 as? KMSError)?.rawCode == "InvalidCiphertextException"
            }
        }
    }

    @Test("the blob is real ciphertext: no plaintext in it, any changed byte refused, another key refused")
    func blobIsCiphertext() async throws {
        let kms = InMemoryKMS()
        let (first, second) = (kms.createKey(), kms.createKey())
        let client = try kms.client()
        let dataKey = try await client.generateDataKey(id: first, size: 32)
        let blob = try #require(Base64.decode(dataKey.ciphertextBlob))
        let plaintext = dataKey.plaintextBytes.withUnsafeBytes { Array($0) }
        #expect(blob.firstRange(of: plaintext) == nil)

        for index in [0, blob.count / 2, blob.count - 1] {
            var tampered = blob
            tampered[index] ^= 0x01
            await #expect { try await client.decrypt(ciphertextBlob: Base64.encodeToString(tampered)) } throws: {
                ($0 as? KMSError)?.code == .invalidCiphertext
            }
        }
        await #expect { try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, keyId: second) } throws: {
            ($0 as? KMSError)?.code == .incorrectKey
        }
        // Blobs from another instance (other key material) are not ours.
        let other = InMemoryKMS(keys: [first])
        await #expect { try await other.client().decrypt(ciphertextBlob: dataKey.ciphertextBlob) } throws: {
            ($0 as? KMSError)?.code == .invalidCiphertext
        }
    }

    @Test("a disabled key refuses data keys, encryption and decryption until enabled again")
    func disabledKey() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let client = try kms.client()
        let sealed = try await client.encrypt(keyId: keyArn, plaintext: Array("secret".utf8))
        try kms.disableKey(keyArn)
        #expect(try await client.describeKey(keyId: keyArn).enabled == false)
        await #expect { try await client.generateDataKey(id: keyArn) } throws: { ($0 as? KMSError)?.code == .disabled }
        await #expect { try await client.encrypt(keyId: keyArn, plaintext: [1]) } throws: { ($0 as? KMSError)?.code == .disabled }
        await #expect { try await client.decrypt(ciphertextBlob: sealed.ciphertextBlob) } throws: { ($0 as? KMSError)?.code == .disabled }
        try kms.enableKey(keyArn)
        #expect(try await client.decrypt(ciphertextBlob: sealed.ciphertextBlob).plaintextBytes.withUnsafeBytes { Array($0) } == Array("secret".utf8))
    }

    @Test("keys are created, described, listed page by page and named by alias")
    func keysAndAliases() async throws {
        let kms = InMemoryKMS(region: "eu-west-1", account: "210987654321")
        let client = try kms.client()
        let created = try await client.createKey(description: "made over the wire")
        #expect(created.arn == "arn:aws:kms:eu-west-1:210987654321:key/\(created.keyId)")
        #expect(created.description == "made over the wire" && created.enabled && created.keyState == "Enabled")
        for _ in 0..<4 { kms.createKey() }
        #expect(try await client.listKeys().map(\.keyArn) == kms.keyArns)
        let page = try await client.listKeys(limit: 2)
        #expect(page.keys.count == 2)
        #expect(page.nextMarker != nil)

        try kms.createAlias("alias/orders", keyId: created.keyId)
        let dataKey = try await client.generateDataKey(id: "alias/orders", size: 16)
        #expect(dataKey.id == created.arn)
        #expect(try await client.describeKey(keyId: "arn:aws:kms:eu-west-1:210987654321:alias/orders").keyId == created.keyId)
        #expect(try await client.listAliases().map(\.aliasName) == ["alias/orders"])
        await #expect { try await client.describeKey(keyId: "alias/missing") } throws: { ($0 as? KMSError)?.code == .notFound }
    }

    @Test("ReEncrypt moves a blob to another key and context; WithoutPlaintext gives only the blob")
    func reEncryptAndWithoutPlaintext() async throws {
        let kms = InMemoryKMS()
        let (source, destination) = (kms.createKey(), kms.createKey())
        let client = try kms.client()
        let sealed = try await client.generateDataKeyWithoutPlaintext(keyId: source, encryptionContext: ["a": "1"])
        let moved = try await client.reEncrypt(
            ciphertextBlob: sealed.ciphertextBlob, destinationKeyId: destination,
            sourceEncryptionContext: ["a": "1"], destinationEncryptionContext: ["b": "2"])
        #expect(moved.sourceKeyId == source && moved.keyId == destination)
        let opened = try await client.decrypt(ciphertextBlob: moved.ciphertextBlob, encryptionContext: ["b": "2"])
        #expect(opened.keyId == destination && opened.plaintextBytes.count == 32)
        await #expect { try await client.decrypt(ciphertextBlob: moved.ciphertextBlob, encryptionContext: ["a": "1"]) } throws: {
            ($0 as? KMSError)?.code == .invalidCiphertext
        }
    }

    @Test("injected throttling is retried by a client that retries, and fails one that does not")
    func throttling() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        kms.failNext(1, with: .throttling)
        await #expect { try await kms.client().generateDataKey(id: keyArn) } throws: { ($0 as? KMSError)?.code == .throttling }

        var config = try kms.config()
        config.retry = RetryConfiguration(maxAttempts: 3, baseDelay: .milliseconds(1), maxBackoff: .milliseconds(5))
        let retrying = KMSClient(config: config, transport: kms)
        kms.failNext(2, with: .throttling, operation: "GenerateDataKey")
        let before = kms.count("GenerateDataKey")
        #expect(try await retrying.generateDataKey(id: keyArn).plaintextBytes.count == 32)
        #expect(kms.count("GenerateDataKey") == before + 3)
    }

    @Test("an injected transport failure reaches the caller as that error")
    func transportFault() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        kms.failNext(with: .transport(HTTPClientError.connectionRefused))
        await #expect(throws: HTTPClientError.connectionRefused) { try await kms.client().encrypt(keyId: keyArn, plaintext: [1]) }
        #expect(try await kms.client().encrypt(keyId: keyArn, plaintext: [1]).keyId == keyArn)
    }

    @Test("dryRun is answered with KMS's DryRunOperationException; unknown keys with NotFound")
    func dryRunAndNotFound() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let client = try kms.client()
        await #expect { try await client.generateDataKey(id: keyArn, keySpec: .aes256, dryRun: true) } throws: { ($0 as? KMSError)?.code == .dryRun }
        await #expect { try await client.generateDataKey(id: InMemoryKMS.arn("00000000-0000-0000-0000-000000000000")) } throws: {
            ($0 as? KMSError)?.code == .notFound
        }
    }
}
