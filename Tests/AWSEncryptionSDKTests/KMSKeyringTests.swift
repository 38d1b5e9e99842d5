import KMS
import KMSTestSupport
import KMSTesting
import Testing

@testable import AWSEncryptionSDK

/// The KMS keyrings against an in-memory KMS: which calls they make, with what, and how they
/// choose among a message's data keys.
@Suite struct KMSKeyringTests {
    let first = InMemoryKMS.arn("11111111-1111-1111-1111-111111111111")
    let second = InMemoryKMS.arn("22222222-2222-2222-2222-222222222222")
    let foreign = InMemoryKMS.arn("33333333-3333-3333-3333-333333333333", account: "444455556666")

    @Test func generatorMakesTheKeyAndAdditionalKeysWrapIt() async throws {
        let kms = InMemoryKMS(keys: [first, second])
        let keyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first, additionalKeyIds: [second])
        let context = ["purpose": "kms keyring", "ключ": "värde"]
        let message = try await EncryptionSDKClient().encrypt(plaintext: samplePlaintext(100), keyring: keyring, encryptionContext: context)

        let generate = try #require(kms.calls("GenerateDataKey").first)
        #expect(kms.calls("GenerateDataKey").count == 1)
        #expect(generate.keyId == first)
        #expect(generate.numberOfBytes == 32)
        let sentContext = generate.encryptionContext
        #expect(callerContext(sentContext) == context)
        #expect(sentContext["aws-crypto-public-key"] != nil, "the full context, public key included")
        #expect(kms.calls("Encrypt").map { $0.keyId } == [second])

        var reader = ByteReader(message)
        let header = try MessageHeader.parse(&reader).header
        #expect(header.encryptedDataKeys.map(\.providerId) == ["aws-kms", "aws-kms"])
        #expect(header.encryptedDataKeys.map { String(decoding: $0.providerInfo, as: UTF8.self) } == [first, second])
        // Each stored blob is the one KMS made: it decrypts under its own key and the full
        // context to the same data key.
        let client = try kms.client()
        var dataKeys: [[UInt8]] = []
        for (edk, keyId) in zip(header.encryptedDataKeys, [first, second]) {
            let plaintext = try await client.decrypt(
                ciphertextBlob: Base64.encodeToString(edk.ciphertext), encryptionContext: sentContext, keyId: keyId)
            dataKeys.append(plaintext.plaintextBytes.withUnsafeBytes { Array($0) })
        }
        #expect(dataKeys.count == 2 && dataKeys[0] == dataKeys[1] && dataKeys[0].count == 32)
        let decryptsBefore = kms.count("Decrypt")

        let result = try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring)
        #expect(result.plaintext == samplePlaintext(100))
        let decrypt = try #require(kms.calls("Decrypt").dropFirst(decryptsBefore).first)
        #expect(kms.count("Decrypt") == decryptsBefore + 1)
        #expect(decrypt.keyId == first)
    }

    @Test func kmsFailureOnEncryptIsAKeyringFailureCarryingTheKMSError() async throws {
        let kms = InMemoryKMS(keys: [first])
        let keyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: second)
        let error = await sdkError { try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: keyring) }
        #expect(error?.code == .keyringFailed)
        #expect((error?.keyringFailures.first as? KMSError)?.code == .notFound)
        let additional = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first, additionalKeyIds: [second])
        #expect(await sdkError { try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: additional) }?.code == .keyringFailed)
    }

    @Test func suiteKeyLengthIsTheNumberOfBytesAsked() async throws {
        let kms = InMemoryKMS(keys: [first])
        let keyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first)
        let client = EncryptionSDKClient(commitmentPolicy: .forbidEncryptAllowDecrypt)
        for suite in [AlgorithmSuite.aes128GcmIv12Tag16HkdfSha256EcdsaP256, .aes192GcmIv12Tag16HkdfSha256] {
            let message = try await client.encrypt(plaintext: [7], keyring: keyring, algorithmSuite: suite)
            #expect(try await client.decrypt(ciphertext: message, keyring: keyring).plaintext == [7])
        }
        #expect(kms.calls("GenerateDataKey").map { $0.numberOfBytes } == [16, 24])
    }

    @Test func decryptTriesOnlyTheKeysItWasGiven() async throws {
        let kms = InMemoryKMS(keys: [first, second, foreign])
        let writer = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first, additionalKeyIds: [second])
        let message = try await EncryptionSDKClient().encrypt(plaintext: [1, 2], keyring: writer)

        let secondOnly = AWSKMSKeyring(client: try kms.client(), generatorKeyId: second)
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: secondOnly).plaintext == [1, 2])
        #expect(kms.calls("Decrypt").map { $0.keyId } == [second])

        let unrelated = AWSKMSKeyring(client: try kms.client(), generatorKeyId: foreign)
        let error = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: unrelated) }
        #expect(error == .noKeyringDecrypted)
        #expect(kms.calls("Decrypt").count == 1, "no call for keys it was not given")
    }

    @Test func eachKMSFailureIsCollectedAndTheNextKeyTried() async throws {
        let kms = InMemoryKMS(keys: [first, second])
        let keyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first, additionalKeyIds: [second])
        let message = try await EncryptionSDKClient().encrypt(plaintext: [3], keyring: keyring)
        try kms.disableKey(first)
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring).plaintext == [3])
        #expect(kms.calls("Decrypt").map { $0.keyId } == [first, second])

        try kms.answerShortPlaintext(for: second)
        let error = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring) }
        #expect(error == .noKeyringDecrypted)
        let failures = error?.keyringFailures ?? []
        #expect(failures.count == 2)
        #expect((failures.first as? KMSError)?.code == .disabled)
        #expect((failures.last as? EncryptionSDKError)?.code == .keyringFailed)
    }

    @Test func wrongContextMakesKMSRefuse() async throws {
        let kms = InMemoryKMS(keys: [first])
        let keyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first)
        // Changing the stored context changes what KMS is asked to bind: KMS refuses.
        var message = try await EncryptionSDKClient().encrypt(
            plaintext: [3], keyring: keyring, encryptionContext: ["a": "b"], algorithmSuite: .aes256GcmHkdfSha512CommitKey)
        // The stored pair a=b (u16 count, u16 length, "a", u16 length, "b"): not a stray 'b' in
        // the random message id.
        let pair: [UInt8] = [0, 1, 0, 1, UInt8(ascii: "a"), 0, 1, UInt8(ascii: "b")]
        let position = try #require(message.firstRange(of: pair)?.upperBound) - 1
        message[position] = UInt8(ascii: "c")
        let error = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring) }
        #expect(error == .noKeyringDecrypted)
        #expect((error?.keyringFailures.first as? KMSError)?.code == .invalidCiphertext)
    }

    @Test func discoveryKeyringUsesTheKeyTheMessageNamesWithinItsFilter() async throws {
        let kms = InMemoryKMS(keys: [first, foreign])
        let writer = AWSKMSKeyring(client: try kms.client(), generatorKeyId: foreign)
        let message = try await EncryptionSDKClient().encrypt(plaintext: [5], keyring: writer)

        let any = try AWSKMSDiscoveryKeyring(client: try kms.client())
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: any).plaintext == [5])
        #expect(kms.calls("Decrypt").last?.keyId == foreign)

        let ours = try AWSKMSDiscoveryKeyring(client: try kms.client(), filter: .init(partition: "aws", accountIds: ["111122223333"]))
        let before = kms.calls("Decrypt").count
        #expect(await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: ours) } == .noKeyringDecrypted)
        #expect(kms.calls("Decrypt").count == before, "a key outside the filter is never asked for")

        let otherPartition = try AWSKMSDiscoveryKeyring(client: try kms.client(), filter: .init(partition: "aws-cn", accountIds: ["444455556666"]))
        #expect(await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: otherPartition) } == .noKeyringDecrypted)
        let theirs = try AWSKMSDiscoveryKeyring(client: try kms.client(), filter: .init(partition: "aws", accountIds: ["444455556666"]))
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: theirs).plaintext == [5])

        #expect(await sdkError { try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: any) }?.code == .keyringFailed)
        #expect(throws: EncryptionSDKError.self) { try AWSKMSDiscoveryKeyring(client: try kms.client(), filter: .init(partition: "aws", accountIds: [])) }
    }

    @Test func tooManyEncryptedDataKeysMeansNoKMSCall() async throws {
        let third = InMemoryKMS.arn("44444444-4444-4444-4444-444444444444")
        let kms = InMemoryKMS(keys: [first, second, third])
        let keyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first, additionalKeyIds: [second, third])
        let message = try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: keyring)
        let discovery = try AWSKMSDiscoveryKeyring(client: try kms.client())
        let error = await sdkError { try await EncryptionSDKClient(maxEncryptedDataKeys: 2).decrypt(ciphertext: message, keyring: discovery) }
        #expect(error == .tooManyEncryptedDataKeys)
        #expect(kms.calls("Decrypt").isEmpty)
    }

    @Test func multiKeyringWithKMSGeneratorAndRawChildDecryptsWithEither() async throws {
        let kms = InMemoryKMS(keys: [first])
        let kmsKeyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first)
        let raw = try testKeyring()
        let multi = try MultiKeyring(generator: kmsKeyring, children: [raw])
        let message = try await EncryptionSDKClient().encrypt(plaintext: [8, 9], keyring: multi)
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: raw).plaintext == [8, 9])
        #expect(kms.calls("Decrypt").isEmpty)
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: kmsKeyring).plaintext == [8, 9])
        // Decrypting with the multi-keyring stops at the first that works (the KMS generator).
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: multi).plaintext == [8, 9])
        #expect(kms.calls("Decrypt").count == 2)
        #expect(throws: EncryptionSDKError.self) { try MultiKeyring() }
    }

    @Test func childOnlyMultiKeyringCannotMakeADataKey() async throws {
        let multi = try MultiKeyring(children: [try testKeyring()])
        #expect(await sdkError { try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: multi) }?.code == .keyringFailed)
    }

    @Test func descriptionsNameKeysNotSecrets() throws {
        let kms = InMemoryKMS(keys: [first])
        let keyring = AWSKMSKeyring(client: try kms.client(), generatorKeyId: first)
        #expect(String(describing: keyring).contains(first))
        let raw = try testKeyring()
        var dumped = ""
        dump(raw, to: &dumped)
        #expect(!dumped.contains("KMSSecretBytes"), "\(dumped)")
        #expect(String(describing: raw) == "RawAESKeyring(namespace: swift-kms-tests, name: test-key)")
    }
}
