import Testing

@testable import AWSEncryptionSDK

/// Required encryption context: pairs authenticated but not stored, supplied again to decrypt.
@Suite struct RequiredEncryptionContextTests {
    let context = ["tenant": "acme", "purpose": "backup"]

    func manager() throws -> RequiredEncryptionContextCryptographicMaterialsManager {
        try RequiredEncryptionContextCryptographicMaterialsManager(requiredEncryptionContextKeys: ["tenant"], keyring: try testKeyring())
    }

    @Test(arguments: [AlgorithmSuite.aes256GcmHkdfSha512CommitKeyEcdsaP384, .aes256GcmHkdfSha512CommitKey])
    func requiredPairsAreNotStoredAndMustBeSuppliedToDecrypt(_ suite: AlgorithmSuite) async throws {
        let client = EncryptionSDKClient()
        let message = try await client.encrypt(
            plaintext: [1, 2, 3], materialsManager: try manager(), encryptionContext: context, algorithmSuite: suite)
        var reader = ByteReader(message)
        let header = try MessageHeader.parse(&reader).header
        #expect(callerContext(header.encryptionContext) == ["purpose": "backup"], "the required pair is not stored")

        let result = try await client.decrypt(ciphertext: message, materialsManager: try manager(), encryptionContext: ["tenant": "acme"])
        #expect(result.plaintext == [1, 2, 3])
        #expect(callerContext(result.encryptionContext) == context)

        // The plain keyring path works too when the value is supplied.
        let plain = try await client.decrypt(ciphertext: message, keyring: try testKeyring(), encryptionContext: ["tenant": "acme"])
        #expect(plain.plaintext == [1, 2, 3])
    }

    @Test func missingOrWrongValuesAreRefused() async throws {
        let client = EncryptionSDKClient()
        let message = try await client.encrypt(plaintext: [1], materialsManager: try manager(), encryptionContext: context)

        let missing = await sdkError { try await client.decrypt(ciphertext: message, materialsManager: try manager()) }
        #expect(missing == .missingRequiredEncryptionContext)
        let wrong = await sdkError {
            try await client.decrypt(ciphertext: message, materialsManager: try manager(), encryptionContext: ["tenant": "evil"])
        }
        #expect(wrong != nil, "a wrong value does not authenticate")
        let conflicting = await sdkError {
            try await client.decrypt(ciphertext: message, materialsManager: try manager(), encryptionContext: ["tenant": "acme", "purpose": "other"])
        }
        #expect(conflicting == .encryptionContextMismatch)
        let withoutManager = await sdkError { try await client.decrypt(ciphertext: message, keyring: try testKeyring()) }
        #expect(withoutManager != nil, "the keyring alone cannot authenticate without the value")
    }

    @Test func encryptingWithoutARequiredKeyIsRefused() async throws {
        let error = await sdkError {
            try await EncryptionSDKClient().encrypt(plaintext: [1], materialsManager: try manager(), encryptionContext: ["purpose": "x"])
        }
        #expect(error == .missingRequiredEncryptionContext)
        #expect(throws: EncryptionSDKError.reservedEncryptionContextKey) {
            try RequiredEncryptionContextCryptographicMaterialsManager(requiredEncryptionContextKeys: ["aws-crypto-x"], keyring: try testKeyring())
        }
    }

    @Test func suppliedValuesForStoredKeysMustMatch() async throws {
        let client = EncryptionSDKClient()
        let keyring = try testKeyring()
        let message = try await client.encrypt(plaintext: [4], keyring: keyring, encryptionContext: context)
        #expect(try await client.decrypt(ciphertext: message, keyring: keyring, encryptionContext: ["tenant": "acme"]).plaintext == [4])
        let error = await sdkError { try await client.decrypt(ciphertext: message, keyring: keyring, encryptionContext: ["tenant": "other"]) }
        #expect(error == .encryptionContextMismatch)
    }
}
