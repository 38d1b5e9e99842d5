import KMS
import Testing

@testable import AWSEncryptionSDK

/// What we encrypt, we decrypt: every suite we may encrypt with, frame lengths from 1 up, and
/// plaintext lengths around the frame boundaries.
@Suite struct RoundTripTests {
    static let cases: [(Int, Int)] = {
        var cases: [(Int, Int)] = []
        for frame in [1, 7, 128, 4096] {
            let lengths: Set<Int> = [0, 1, frame - 1, frame, frame + 1, 3 * frame, 3 * frame + 5]
            for length in lengths.sorted() { cases.append((frame, length)) }
        }
        return cases
    }()

    @Test(arguments: encryptableSuites.map(\.0))
    func everySuiteRoundTripsAroundFrameBoundaries(_ suite: AlgorithmSuite) async throws {
        let policy: CommitmentPolicy = suite.isCommitting ? .requireEncryptRequireDecrypt : .forbidEncryptAllowDecrypt
        let client = EncryptionSDKClient(commitmentPolicy: policy)
        let keyring = try testKeyring()
        let context = ["purpose": "round trip", "ключ": "värde ✓"]
        for (frameLength, count) in Self.cases {
            let plaintext = samplePlaintext(count)
            let message = try await client.encrypt(
                plaintext: plaintext, keyring: keyring, encryptionContext: context,
                algorithmSuite: suite, frameLength: frameLength)
            let result = try await client.decrypt(ciphertext: message, keyring: keyring)
            #expect(result.plaintext == plaintext, "frame \(frameLength), \(count) bytes")
            #expect(callerContext(result.encryptionContext) == context)
            #expect(result.algorithmSuite == suite)
        }
    }

    @Test func exactMultipleOfFrameLengthEndsWithAnEmptyFinalFrame() async throws {
        let keyring = try testKeyring()
        let message = try await EncryptionSDKClient().encrypt(
            plaintext: samplePlaintext(256), keyring: keyring, algorithmSuite: .aes256GcmHkdfSha512CommitKey, frameLength: 128)
        var reader = ByteReader(message)
        let (header, _) = try MessageHeader.parse(&reader)
        var frames: [BodyFrame] = []
        repeat { frames.append(try BodyFrame.parseFramed(&reader, frameLength: header.frameLength)) } while frames.last?.kind != .final
        #expect(frames.map(\.kind) == [.regular, .regular, .final])
        #expect(frames.map(\.sequenceNumber) == [1, 2, 3])
        #expect(frames.last?.content.isEmpty == true)
        #expect(reader.remaining == 0)
    }

    @Test func largestFrameLengthIsAccepted() async throws {
        let keyring = try testKeyring()
        let client = EncryptionSDKClient()
        let message = try await client.encrypt(plaintext: samplePlaintext(1000), keyring: keyring, frameLength: Int(UInt32.max))
        #expect(try await client.decrypt(ciphertext: message, keyring: keyring).plaintext == samplePlaintext(1000))
    }

    @Test(arguments: [0, -1, Int(UInt32.max) + 1])
    func frameLengthOutOfRangeIsRefused(_ frameLength: Int) async throws {
        let error = await sdkError {
            try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: try testKeyring(), frameLength: frameLength)
        }
        #expect(error?.code == .invalidParameter)
    }

    @Test func signedSuitesPublishTheirPublicKeyAndUnsignedOnesDoNot() async throws {
        let keyring = try testKeyring()
        for (suite, policy) in encryptableSuites {
            let client = EncryptionSDKClient(commitmentPolicy: policy)
            let message = try await client.encrypt(plaintext: [1, 2, 3], keyring: keyring, algorithmSuite: suite)
            var reader = ByteReader(message)
            let header = try MessageHeader.parse(&reader).header
            #expect(try header.serialize() == Array(message[..<reader.offset]), "our headers re-serialize byte for byte too")
            #expect(header.version == (suite.isCommitting ? 2 : 1))
            let key = header.encryptionContext["aws-crypto-public-key"]
            #expect((key != nil) == suite.isSigned, "\(suite)")
            if let key {
                let point = try #require(Base64.decode(key))
                #expect(point.count == (suite.rawValue == 0x0214 ? 33 : 49))
                #expect(point.first == 2 || point.first == 3, "compressed point")
            }
        }
    }

    @Test func eachMessageHasItsOwnIdAndDataKey() async throws {
        let keyring = try testKeyring()
        let client = EncryptionSDKClient()
        let first = try await client.encrypt(plaintext: [1], keyring: keyring)
        let second = try await client.encrypt(plaintext: [1], keyring: keyring)
        var a = ByteReader(first), b = ByteReader(second)
        let headerA = try MessageHeader.parse(&a).header, headerB = try MessageHeader.parse(&b).header
        #expect(headerA.messageId != headerB.messageId)
        #expect(headerA.suiteData != headerB.suiteData)
        #expect(headerA.encryptedDataKeys != headerB.encryptedDataKeys)
    }

    @Test func policiesDecideWhichSuitesEncrypt() async throws {
        let keyring = try testKeyring()
        let forbid = EncryptionSDKClient(commitmentPolicy: .forbidEncryptAllowDecrypt)
        #expect(await sdkError { try await forbid.encrypt(plaintext: [1], keyring: keyring) }?.code == .notCommitting)
        let require = EncryptionSDKClient(commitmentPolicy: .requireEncryptAllowDecrypt)
        #expect(await sdkError {
            try await require.encrypt(plaintext: [1], keyring: keyring, algorithmSuite: .aes256GcmIv12Tag16HkdfSha256)
        }?.code == .notCommitting)
        for suite in [AlgorithmSuite.aes256GcmIv12Tag16NoKdf, .aes192GcmIv12Tag16NoKdf, .aes128GcmIv12Tag16NoKdf] {
            #expect(await sdkError { try await forbid.encrypt(plaintext: [1], keyring: keyring, algorithmSuite: suite) }?.code == .invalidParameter)
        }
        // A message written under the forbid policy is read under require-encrypt-allow-decrypt.
        let old = try await forbid.encrypt(plaintext: [9], keyring: keyring, algorithmSuite: .aes256GcmIv12Tag16HkdfSha384EcdsaP384)
        #expect(try await require.decrypt(ciphertext: old, keyring: keyring).plaintext == [9])
    }

    @Test func reservedContextKeysAreRefused() async throws {
        let keyring = try testKeyring()
        for key in ["aws-crypto-public-key", "aws-crypto-anything"] {
            let error = await sdkError {
                try await EncryptionSDKClient().encrypt(plaintext: [1], keyring: keyring, encryptionContext: [key: "x"])
            }
            #expect(error == .reservedEncryptionContextKey)
        }
    }

    @Test func oneClientAndKeyringServeManyTasksAtOnce() async throws {
        let client = EncryptionSDKClient()
        let keyring = try testKeyring()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let plaintext = samplePlaintext(index * 37)
                    let message = try await client.encrypt(plaintext: plaintext, keyring: keyring, frameLength: 128)
                    return try await client.decrypt(ciphertext: message, keyring: keyring).plaintext == plaintext
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }

    @Test func algorithmSuiteIdsAreTheSpecs() {
        #expect(AlgorithmSuite.default.rawValue == 0x0578)
        #expect(AlgorithmSuite(rawValue: 0x0478) == .aes256GcmHkdfSha512CommitKey)
        #expect(AlgorithmSuite(rawValue: 0x0579) == nil)
        #expect(AlgorithmSuite.allCases.map(\.rawValue) == [0x0578, 0x0478, 0x0378, 0x0346, 0x0214, 0x0178, 0x0146, 0x0114, 0x0078, 0x0046, 0x0014])
        #expect(AlgorithmSuite.aes192GcmIv12Tag16HkdfSha384EcdsaP384.description == "0x0346")
    }
}
