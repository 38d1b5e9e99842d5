import Testing

@testable import AWSEncryptionSDK

/// A changed, cut, reordered or foreign message is refused with a typed error, and no
/// plaintext comes out.
@Suite struct TamperTests {
    /// One small framed message per suite: ours for the suites we encrypt (three frames and a
    /// context), the Python SDK's for the decrypt-only ones.
    static func smallMessage(_ suite: AlgorithmSuite) async throws -> (message: [UInt8], keyring: RawAESKeyring, policy: CommitmentPolicy) {
        let policy: CommitmentPolicy = suite.isCommitting ? .requireEncryptRequireDecrypt : .forbidEncryptAllowDecrypt
        if suite.properties.kdf == nil {
            let vector = try #require(KnownAnswer.all.first { $0.suite == suite.rawValue && $0.frameLength == 128 && $0.plaintextHex.count == 258 })
            return (vector.message, try vector.rawKeyring(), vector.policy)
        }
        let keyring = try testKeyring()
        let message = try await EncryptionSDKClient(commitmentPolicy: policy).encrypt(
            plaintext: samplePlaintext(20), keyring: keyring, encryptionContext: ["k": "v"],
            algorithmSuite: suite, frameLength: 8)
        return (message, keyring, policy)
    }

    @Test(arguments: AlgorithmSuite.allCases)
    func everySingleBitFlipIsRefused(_ suite: AlgorithmSuite) async throws {
        let (message, keyring, policy) = try await Self.smallMessage(suite)
        let client = EncryptionSDKClient(commitmentPolicy: policy)
        _ = try await client.decrypt(ciphertext: message, keyring: keyring)  // the original is fine
        var accepted: [Int] = []
        for bit in 0..<(message.count * 8) {
            var flipped = message
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            do {
                _ = try await client.decrypt(ciphertext: flipped, keyring: keyring)
                accepted.append(bit)
            } catch is EncryptionSDKError {
                // refused, as it must be
            } catch {
                Issue.record("bit \(bit): not an EncryptionSDKError: \(error)")
            }
        }
        #expect(accepted.isEmpty, "\(suite): bits \(accepted.prefix(10)) changed and still decrypted")
    }

    @Test(arguments: AlgorithmSuite.allCases)
    func everyTruncationIsRefused(_ suite: AlgorithmSuite) async throws {
        let (message, keyring, policy) = try await Self.smallMessage(suite)
        let client = EncryptionSDKClient(commitmentPolicy: policy)
        for length in 0..<message.count {
            let error = await sdkError { try await client.decrypt(ciphertext: Array(message[..<length]), keyring: keyring) }
            #expect(error != nil, "\(suite): \(length) of \(message.count) bytes")
        }
        let error = await sdkError { try await client.decrypt(ciphertext: message + [0], keyring: keyring) }
        #expect(error?.code == .malformed, "a byte after the end")
    }

    /// The byte ranges of each frame of an unsigned three-frame message.
    static func framedMessage() async throws -> (message: [UInt8], headerEnd: Int, frames: [Range<Int>], keyring: RawAESKeyring) {
        let keyring = try testKeyring()
        let message = try await EncryptionSDKClient().encrypt(
            plaintext: samplePlaintext(20), keyring: keyring, algorithmSuite: .aes256GcmHkdfSha512CommitKey, frameLength: 8)
        var reader = ByteReader(message)
        let header = try MessageHeader.parse(&reader).header
        let headerEnd = reader.offset
        var frames: [Range<Int>] = []
        while true {
            let start = reader.offset
            let frame = try BodyFrame.parseFramed(&reader, frameLength: header.frameLength)
            frames.append(start..<reader.offset)
            if frame.kind == .final { break }
        }
        return (message, headerEnd, frames, keyring)
    }

    @Test func reorderedDuplicatedOrMissingFramesAreRefused() async throws {
        let (message, headerEnd, frames, keyring) = try await Self.framedMessage()
        #expect(frames.count == 3)
        let head = Array(message[..<headerEnd])
        let f = frames.map { Array(message[$0]) }
        let variants: [(String, [UInt8])] = [
            ("swapped", head + f[1] + f[0] + f[2]),
            ("duplicated", head + f[0] + f[0] + f[1] + f[2]),
            ("missing", head + f[0] + f[2]),
            ("no final frame", head + f[0] + f[1]),
            ("final frame only", head + f[2]),
        ]
        for (name, variant) in variants {
            let error = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: variant, keyring: keyring) }
            #expect(error != nil, "\(name)")
            if name != "no final frame" { #expect(error?.code == .malformed, "\(name): \(String(describing: error))") }
        }
    }

    @Test func frameFromAnotherMessageIsRefused() async throws {
        let (message, headerEnd, frames, keyring) = try await Self.framedMessage()
        let (other, _, otherFrames, _) = try await Self.framedMessage()
        let spliced = Array(message[..<headerEnd]) + Array(other[otherFrames[0]]) + Array(message[frames[1]]) + Array(message[frames[2]])
        let error = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: spliced, keyring: keyring) }
        #expect(error == .tampered)
    }

    @Test func wrongKeyringIsRefusedWithEachFailure() async throws {
        let message = try await EncryptionSDKClient().encrypt(plaintext: [1, 2, 3], keyring: try testKeyring())
        let otherName = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: try testKeyring(name: "other")) }
        #expect(otherName == .noKeyringDecrypted)
        #expect(otherName?.keyringFailures.count == 1)
        let otherKey = await sdkError {
            try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: try testKeyring(key: Array(repeating: 7, count: 32)))
        }
        #expect(otherKey == .noKeyringDecrypted)
        #expect((otherKey?.keyringFailures.first as? EncryptionSDKError) == .tampered)
    }

    @Test func nonCommittingMessageIsRefusedUnderTheDefaultPolicy() async throws {
        let keyring = try testKeyring()
        let message = try await EncryptionSDKClient(commitmentPolicy: .forbidEncryptAllowDecrypt)
            .encrypt(plaintext: [1], keyring: keyring, algorithmSuite: .aes256GcmIv12Tag16HkdfSha384EcdsaP384)
        let error = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring) }
        #expect(error?.code == .notCommitting)
    }

    @Test func wrongCommitKeyIsACommitmentMismatch() async throws {
        let keyring = try testKeyring()
        var message = try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: keyring, algorithmSuite: .aes256GcmHkdfSha512CommitKey)
        var reader = ByteReader(message)
        let (header, body) = try MessageHeader.parse(&reader)
        message[body.upperBound - 1] ^= 1  // last byte of the suite data (the commit key)
        #expect(header.suiteData.count == 32)
        let error = await sdkError { try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring) }
        #expect(error == .commitmentMismatch)
    }

    @Test func tooManyEncryptedDataKeysAreRefusedBeforeAnyKeyring() async throws {
        let keyrings = try (0..<3).map { try testKeyring(name: "key-\($0)") }
        let multi = try MultiKeyring(generator: keyrings[0], children: Array(keyrings[1...]))
        let message = try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: multi)
        let counting = CountingKeyring(inner: keyrings[0])
        let error = await sdkError {
            try await EncryptionSDKClient(maxEncryptedDataKeys: 2).decrypt(ciphertext: message, keyring: counting)
        }
        #expect(error == .tooManyEncryptedDataKeys)
        #expect(counting.decryptCalls == 0)
        #expect(try await EncryptionSDKClient(maxEncryptedDataKeys: 3).decrypt(ciphertext: message, keyring: counting).plaintext == [1])
        let encryptError = await sdkError { try await EncryptionSDKClient(maxEncryptedDataKeys: 2).encrypt(plaintext: [1], keyring: multi) }
        #expect(encryptError == .tooManyEncryptedDataKeys)
    }
}

/// Random damage, many bytes at a time, never traps and is always a typed error.
@Suite struct RandomDamageTests {
    @Test(arguments: [AlgorithmSuite.aes256GcmHkdfSha512CommitKeyEcdsaP384, .aes256GcmIv12Tag16HkdfSha256])
    func randomMutationsAreTypedErrors(_ suite: AlgorithmSuite) async throws {
        let (message, keyring, policy) = try await TamperTests.smallMessage(suite)
        let client = EncryptionSDKClient(commitmentPolicy: policy)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<1500 {
            var damaged = message
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                case 1: damaged.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...damaged.count, using: &generator))
                default: if damaged.count > 1 { damaged.remove(at: Int.random(in: 0..<damaged.count, using: &generator)) }
                }
            }
            if damaged == message { continue }
            do {
                _ = try await client.decrypt(ciphertext: damaged, keyring: keyring)
                Issue.record("round \(round): a damaged message decrypted")
            } catch is EncryptionSDKError {
            } catch {
                Issue.record("round \(round): \(error)")
            }
        }
        // Pure noise, of many lengths, including a plausible first byte.
        for length in 0..<300 {
            var noise = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length > 0 { noise[0] = UInt8.random(in: 1...2, using: &generator) }
            await #expect(throws: EncryptionSDKError.self) { try await client.decrypt(ciphertext: noise, keyring: keyring) }
        }
    }
}
