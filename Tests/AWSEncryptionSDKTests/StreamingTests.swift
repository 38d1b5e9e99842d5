import Testing

@testable import AWSEncryptionSDK

/// Encrypting from and decrypting to async sequences of chunks: the same messages as the
/// one-shot calls, in memory bounded by the frame length, and no unverified plaintext from a
/// signed message unless asked for.
@Suite struct StreamingTests {
    static let suites: [(AlgorithmSuite, CommitmentPolicy)] = [
        (.aes256GcmHkdfSha512CommitKeyEcdsaP384, .requireEncryptRequireDecrypt),
        (.aes256GcmHkdfSha512CommitKey, .requireEncryptRequireDecrypt),
        (.aes128GcmIv12Tag16HkdfSha256EcdsaP256, .forbidEncryptAllowDecrypt),
        (.aes192GcmIv12Tag16HkdfSha256, .forbidEncryptAllowDecrypt),
    ]

    @Test(arguments: 0..<suites.count)
    func streamedMessagesMatchOneShotOnes(_ index: Int) async throws {
        let (suite, policy) = Self.suites[index]
        let client = EncryptionSDKClient(commitmentPolicy: policy)
        let keyring = try testKeyring()
        let context = ["stream": "yes"]
        for (count, frameLength, chunk) in [(0, 64, 10), (1, 64, 1), (64, 64, 7), (200, 64, 64), (1000, 128, 333), (5000, 4096, 1000)] {
            let plaintext = samplePlaintext(count)
            let streamed = try await collect(client.encryptStream(
                Chunks(plaintext, size: chunk), keyring: keyring, encryptionContext: context,
                algorithmSuite: suite, frameLength: frameLength, plaintextLength: count))
            let oneShot = try await client.decrypt(ciphertext: streamed, keyring: keyring)
            #expect(oneShot.plaintext == plaintext, "\(suite) \(count) bytes in chunks of \(chunk)")
            #expect(callerContext(oneShot.encryptionContext) == context)

            let message = try await client.encrypt(plaintext: plaintext, keyring: keyring, encryptionContext: context,
                                                   algorithmSuite: suite, frameLength: frameLength)
            for size in [1, 17, message.count] {
                let decrypted = try await collect(client.decryptStream(Chunks(message, size: size), keyring: keyring))
                #expect(decrypted == plaintext, "\(suite) \(count) bytes, message in chunks of \(size)")
            }
        }
    }

    @Test func encryptOutputStaysWithinAFrameAndAChunk() async throws {
        let keyring = try testKeyring()
        let stream = EncryptionSDKClient().encryptStream(
            Chunks(samplePlaintext(10_000), size: 100), keyring: keyring, algorithmSuite: .aes256GcmHkdfSha512CommitKey, frameLength: 64)
        var largest = 0
        var message: [UInt8] = []
        var first = true
        for try await chunk in stream {
            if !first { largest = max(largest, chunk.count) }
            first = false
            message += chunk
        }
        #expect(largest <= 2 * (64 + 32) + 100, "largest body chunk \(largest)")
        #expect(try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring).plaintext == samplePlaintext(10_000))
    }

    @Test func unsignedPlaintextArrivesBeforeTheMessageEnds() async throws {
        let keyring = try testKeyring()
        let message = try await EncryptionSDKClient().encrypt(
            plaintext: samplePlaintext(1000), keyring: keyring, algorithmSuite: .aes256GcmHkdfSha512CommitKey, frameLength: 100)
        let input = Chunks(message, size: 50)
        var iterator = EncryptionSDKClient().decryptStream(input, keyring: keyring).makeAsyncIterator()
        let first = try #require(try await iterator.next())
        #expect(first == Array(samplePlaintext(1000)[..<100]))
        #expect(input.taken.count < input.chunks.count / 2, "read \(input.taken.count) of \(input.chunks.count) chunks")
        #expect(iterator.algorithmSuite == .aes256GcmHkdfSha512CommitKey)
        #expect(iterator.encryptionContext == [:])
    }

    /// A signed message whose last signature byte is changed.
    static func forgedSignedMessage() async throws -> ([UInt8], RawAESKeyring) {
        let keyring = try testKeyring()
        var message = try await EncryptionSDKClient().encrypt(plaintext: samplePlaintext(1000), keyring: keyring, frameLength: 100)
        message[message.count - 1] ^= 1
        return (message, keyring)
    }

    @Test func signedPlaintextIsWithheldUntilTheSignatureVerifies() async throws {
        let (forged, keyring) = try await Self.forgedSignedMessage()
        var released = 0
        var iterator = EncryptionSDKClient().decryptStream(Chunks(forged, size: 64), keyring: keyring).makeAsyncIterator()
        do {
            while let chunk = try await iterator.next() { released += chunk.count }
            Issue.record("a forged signature was accepted")
        } catch let error as EncryptionSDKError {
            #expect(error == .tampered)
        }
        #expect(released == 0, "no plaintext before the signature verified")

        // The original, unforged, comes out whole at the end.
        var original = forged
        original[original.count - 1] ^= 1
        var chunks: [[UInt8]] = []
        for try await chunk in EncryptionSDKClient().decryptStream(Chunks(original, size: 64), keyring: keyring) { chunks.append(chunk) }
        #expect(chunks.count == 1)
        #expect(chunks.first == samplePlaintext(1000))
    }

    @Test func optingInReleasesVerifiedFramesBeforeTheSignature() async throws {
        let (forged, keyring) = try await Self.forgedSignedMessage()
        var released = 0
        do {
            for try await chunk in EncryptionSDKClient().decryptStream(Chunks(forged, size: 64), keyring: keyring, allowUnverifiedPlaintext: true) {
                released += chunk.count
            }
            Issue.record("a forged signature was accepted")
        } catch let error as EncryptionSDKError {
            #expect(error == .tampered)
        }
        #expect(released == 1000, "every frame authenticated by its tag came out, then the signature failed")
    }

    @Test func truncatedOrOverlongStreamsAreRefused() async throws {
        let keyring = try testKeyring()
        let client = EncryptionSDKClient()
        let message = try await client.encrypt(plaintext: samplePlaintext(300), keyring: keyring, frameLength: 64)
        for length in stride(from: 0, to: message.count, by: 37) {
            let error = await sdkError { try await collect(client.decryptStream(Chunks(Array(message[..<length]), size: 50), keyring: keyring)) }
            #expect(error != nil, "\(length) bytes")
        }
        let extra = await sdkError { try await collect(client.decryptStream(Chunks(message + [0], size: 50), keyring: keyring)) }
        #expect(extra?.code == .malformed)
        let unsigned = try await client.encrypt(plaintext: samplePlaintext(300), keyring: keyring, algorithmSuite: .aes256GcmHkdfSha512CommitKey, frameLength: 64)
        let swapped = Array(unsigned[..<(unsigned.count - 10)]) + Array(unsigned[(unsigned.count - 10)...].reversed())
        let tampered = await sdkError { try await collect(client.decryptStream(Chunks(swapped, size: 50), keyring: keyring)) }
        #expect(tampered != nil)
    }

    @Test func announcedLengthIsChecked() async throws {
        let keyring = try testKeyring()
        for announced in [99, 101] {
            let error = await sdkError {
                try await collect(EncryptionSDKClient().encryptStream(Chunks(samplePlaintext(100), size: 30), keyring: keyring, plaintextLength: announced))
            }
            #expect(error?.code == .invalidParameter, "announced \(announced)")
        }
    }
}
