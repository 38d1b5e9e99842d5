import AWSEncryptionSDK
import KMS
import KMSTesting

/// A KMS keyring over a ``InMemoryKMS`` that counts calls, for the caching tests.
struct CachingTestKit {
    static let keyArn = InMemoryKMS.arn("8a5c2e0a-cache-test-key-000000000001")

    let kms: InMemoryKMS
    let client: KMSClient
    let keyring: AWSKMSKeyring
    let sdk = EncryptionSDKClient()

    init(delay: Duration = .zero) throws {
        kms = InMemoryKMS(keys: [Self.keyArn], latency: delay)
        client = try kms.client()
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
