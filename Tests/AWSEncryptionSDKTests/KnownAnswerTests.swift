import Testing

@testable import AWSEncryptionSDK

/// Messages made by the official Python SDK (4.0.7) decrypt to their plaintext and context,
/// and their headers serialize back to the same bytes.
@Suite struct KnownAnswerTests {
    @Test func fixturesArePresent() {
        #expect(KnownAnswer.all.count >= 88)
        #expect(Set(KnownAnswer.all.map(\.suite)).count == AlgorithmSuite.allCases.count, "every suite has a fixture")
    }

    @Test(arguments: KnownAnswer.all)
    func pythonMessageDecrypts(_ vector: KnownAnswer) async throws {
        let client = EncryptionSDKClient(commitmentPolicy: vector.policy)
        let result = try await client.decrypt(ciphertext: vector.message, keyring: try vector.rawKeyring())
        #expect(result.plaintext == vector.plaintext)
        #expect(callerContext(result.encryptionContext) == vector.context)
        #expect(result.algorithmSuite == vector.algorithmSuite)
        #expect((result.encryptionContext["aws-crypto-public-key"] != nil) == vector.algorithmSuite.isSigned)
    }

    @Test(arguments: KnownAnswer.all)
    func pythonMessageDecryptsAsAStream(_ vector: KnownAnswer) async throws {
        let client = EncryptionSDKClient(commitmentPolicy: vector.policy)
        var iterator = client.decryptStream(Chunks(vector.message, size: 7), keyring: try vector.rawKeyring()).makeAsyncIterator()
        var plaintext: [UInt8] = []
        while let chunk = try await iterator.next() { plaintext += chunk }
        #expect(plaintext == vector.plaintext)
        #expect(callerContext(iterator.encryptionContext ?? [:]) == vector.context)
        #expect(iterator.algorithmSuite == vector.algorithmSuite)
    }

    @Test(arguments: KnownAnswer.all)
    func headerRoundTripsByteForByte(_ vector: KnownAnswer) throws {
        let message = vector.message
        var reader = ByteReader(message)
        let (header, body) = try MessageHeader.parse(&reader)
        #expect(try header.serialize() == Array(message[..<reader.offset]))
        #expect(try header.serializeBody() == Array(message[body]))
        #expect(header.algorithmSuite == vector.algorithmSuite)
        #expect(header.contentType == (vector.frameLength == 0 ? .nonFramed : .framed))
        #expect(Int(header.frameLength) == vector.frameLength)
        #expect(callerContext(header.encryptionContext) == vector.context)
    }

    @Test func defaultPolicyRefusesPythonNonCommittingMessage() async throws {
        let vector = try #require(KnownAnswer.all.first { $0.suite == 0x0178 })
        let error = await sdkError {
            try await EncryptionSDKClient().decrypt(ciphertext: vector.message, keyring: try vector.rawKeyring())
        }
        #expect(error?.code == .notCommitting)
    }
}
