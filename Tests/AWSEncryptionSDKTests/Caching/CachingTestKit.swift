import AWSEncryptionSDK
import KMS
import KMSTestSupport

/// A KMS keyring over a ``FakeKMS`` that counts calls, for the caching tests.
struct CachingTestKit {
    static let keyArn = "arn:aws:kms:us-east-1:111122223333:key/8a5c2e0a-cache-test-key-000000000001"

    let kms: FakeKMS
    let client: KMSClient
    let keyring: AWSKMSKeyring
    let sdk = EncryptionSDKClient()

    init(delay: Duration = .zero) throws {
        kms = FakeKMS(delay: delay)
        var config = try AWSConfig(
            region: "us-east-1", accessKeyId: "AKIAFAKECACHETEST001", secretAccessKey: "fake/cache/test/secret/0000000000000000",
            endpoint: "http://127.0.0.1:4566")
        config.retry = RetryConfiguration(maxAttempts: 1)
        client = KMSClient(config: config, transport: kms)
        keyring = AWSKMSKeyring(client: client, generatorKeyId: Self.keyArn)
    }

    var generateCalls: Int { kms.count("GenerateDataKey") }
    var decryptCalls: Int { kms.count("Decrypt") }

    /// Encrypts `plaintext` (0x0478 unless told otherwise) through `manager`.
    func encrypt(
        _ plaintext: [UInt8], _ manager: any CryptographicMaterialsManager, context: [String: String] = ["app": "billing"],
        suite: AlgorithmSuite = .aes256GcmHkdfSha512CommitKey
    ) async throws -> [UInt8] {
        try await sdk.encrypt(plaintext: plaintext, materialsManager: manager, encryptionContext: context, algorithmSuite: suite)
    }
}
