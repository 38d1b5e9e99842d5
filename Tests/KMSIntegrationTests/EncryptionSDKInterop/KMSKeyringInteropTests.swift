import AWSEncryptionSDK
import KMS
import KMSTestSupport
import Testing

/// Byte compatibility with the official Python SDK through KMS: both sides wrap data keys with
/// the same key on the local KMS (moto on 127.0.0.1, every request's signature checked), the
/// Python SDK reaching it through `AWS_ENDPOINT_URL_KMS`.
@Suite("Encryption SDK interop with the Python SDK: KMS keyring against a local KMS", .localKMSAvailable, .localKMS)
struct KMSKeyringInteropTests {

    /// The Python SDK signed as the local KMS's IAM user, reaching it on loopback only; nothing
    /// of this machine's own AWS configuration is read.
    static func peer(_ server: LocalKMS, keyIds: [String]) async throws -> PythonSDKPeer {
        try await PythonSDKPeer(
            keyring: .kms(keyIds: keyIds),
            environment: [
                "AWS_ENDPOINT_URL_KMS": server.endpoint, "AWS_ENDPOINT_URL": server.endpoint,
                "AWS_ACCESS_KEY_ID": server.credentials.accessKeyId,
                "AWS_SECRET_ACCESS_KEY": server.credentials.secretAccessKey,
                "AWS_DEFAULT_REGION": server.region, "AWS_REGION": server.region,
                "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                "AWS_EC2_METADATA_DISABLED": "true", "NO_PROXY": "127.0.0.1,localhost",
            ])
    }

    static let frameLength = 4096

    @Test("messages the Python SDK writes with the KMS keyring decrypt with ours, and ours with it", arguments: InteropMatrix.suites)
    func bothWays(suite: UInt16) async throws {
        let server = try LocalKMSScope.server()
        let cases = InteropMatrix.cases(suite: suite, frameLengths: [Self.frameLength])
        let peer = try await Self.peer(server, keyIds: [server.keyArn])
        let algorithmSuite = try #require(AlgorithmSuite(rawValue: suite))
        let policy = InteropMatrix.peerPolicy(for: suite)
        try await TestClient.with(server, label: nil) { kms in
            let keyring = AWSKMSKeyring(client: kms, generatorKeyId: server.keyArn)
            let client = EncryptionSDKClient(commitmentPolicy: InteropMatrix.policy(for: suite))

            let written = try await peer.encrypt(cases, policy: policy)
            for (item, message) in zip(cases, written) {
                let result = try await client.decrypt(ciphertext: message.get(), keyring: keyring)
                #expect(result.plaintext == item.plaintext, "length \(item.plaintext.count)")
                #expect(InteropMatrix.callerContext(result.encryptionContext) == item.context)
            }

            var ours: [[UInt8]] = []
            for item in cases {
                ours.append(
                    try await client.encrypt(
                        plaintext: item.plaintext, keyring: keyring, encryptionContext: item.context,
                        algorithmSuite: algorithmSuite, frameLength: item.frameLength))
            }
            let read = try await peer.decrypt(ours, policy: policy)
            for (item, result) in zip(cases, read) {
                let decrypted = try result.get()
                #expect(decrypted.plaintext == item.plaintext, "length \(item.plaintext.count)")
                #expect(InteropMatrix.callerContext(decrypted.context) == item.context)
                #expect(decrypted.suite == suite)
            }
        }
    }

    @Test("a data key we wrap under an additional key (KMS Encrypt) is what the Python SDK decrypts with that key alone")
    func additionalKeyReadByPython() async throws {
        let server = try LocalKMSScope.server()
        let plaintext = InteropMatrix.plaintext(count: 5000, seed: 3)
        let context = ["tenant": "ünïcødé ✓"]
        let (message, second) = try await TestClient.with(server, label: nil) { kms -> ([UInt8], String) in
            let second = try await kms.createKey(description: "interop additional key").arn
            let keyring = AWSKMSKeyring(client: kms, generatorKeyId: server.keyArn, additionalKeyIds: [second])
            return (try await EncryptionSDKClient().encrypt(plaintext: plaintext, keyring: keyring, encryptionContext: context), second)
        }
        let read = try await Self.peer(server, keyIds: [second]).decrypt([message], policy: "requireEncryptRequireDecrypt")
        let decrypted = try read[0].get()
        #expect(decrypted.plaintext == plaintext)
        #expect(InteropMatrix.callerContext(decrypted.context) == context)
    }

    @Test("messages we write through the caching manager (one GenerateDataKey for many) decrypt with the Python SDK")
    func cachedReadByPython() async throws {
        let server = try LocalKMSScope.server()
        let cases = InteropMatrix.cases(suite: 0x0478, frameLengths: [Self.frameLength])
        let messages = try await TestClient.with(server, label: nil) { kms -> [[UInt8]] in
            let manager = CachingCryptographicMaterialsManager(
                keyring: AWSKMSKeyring(client: kms, generatorKeyId: server.keyArn),
                cache: LocalCryptographicMaterialsCache(capacity: 4), maxAge: .seconds(600))
            var messages: [[UInt8]] = []
            for item in cases {
                messages.append(
                    try await EncryptionSDKClient().encrypt(
                        plaintext: item.plaintext, materialsManager: manager, encryptionContext: item.context,
                        algorithmSuite: .aes256GcmHkdfSha512CommitKey, frameLength: item.frameLength))
            }
            return messages
        }
        let read = try await Self.peer(server, keyIds: [server.keyArn]).decrypt(messages, policy: "requireEncryptRequireDecrypt")
        for (item, result) in zip(cases, read) {
            let decrypted = try result.get()
            #expect(decrypted.plaintext == item.plaintext, "length \(item.plaintext.count)")
            #expect(InteropMatrix.callerContext(decrypted.context) == item.context)
        }
    }
}
