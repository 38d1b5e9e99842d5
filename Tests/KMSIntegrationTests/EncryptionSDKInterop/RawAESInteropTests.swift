import AWSEncryptionSDK
import Testing

/// Byte compatibility with the official AWS Encryption SDK for Python, offline: both sides use
/// the same raw AES-256 wrapping key. What the Python SDK writes, we read; what we write, it
/// reads; plaintext and encryption context equal, for every suite, several frame lengths,
/// plaintexts around the frame boundaries, empty and non-ASCII contexts.
@Suite("Encryption SDK interop with the Python SDK: raw AES keyring")
struct RawAESInteropTests {
    static let namespace = "swift-kms-interop"
    static let keyName = "raw-aes-key-1"
    static let wrappingKey: [UInt8] = (0..<32).map { UInt8($0 &* 5 &+ 1) }

    static func ours() throws -> RawAESKeyring {
        try RawAESKeyring(keyNamespace: namespace, keyName: keyName, wrappingKey: wrappingKey)
    }

    static func peer() async throws -> PythonSDKPeer {
        try await PythonSDKPeer(keyring: .rawAES(namespace: namespace, name: keyName, key: wrappingKey))
    }

    @Test("messages the Python SDK writes decrypt with ours (framed and non-framed)", arguments: InteropMatrix.suites)
    func pythonWritesSwiftReads(suite: UInt16) async throws {
        let cases = InteropMatrix.cases(suite: suite, frameLengths: InteropMatrix.frameLengths + [0])
        let messages = try await Self.peer().encrypt(cases, policy: InteropMatrix.peerPolicy(for: suite))
        let client = EncryptionSDKClient(commitmentPolicy: InteropMatrix.policy(for: suite))
        let keyring = try Self.ours()
        for (item, message) in zip(cases, messages) {
            let label = "suite \(suite) frame \(item.frameLength) length \(item.plaintext.count)"
            let result = try await client.decrypt(ciphertext: message.get(), keyring: keyring)
            #expect(result.plaintext == item.plaintext, "\(label)")
            #expect(InteropMatrix.callerContext(result.encryptionContext) == item.context, "\(label)")
            #expect(result.algorithmSuite.rawValue == suite, "\(label)")
            #expect(
                (result.encryptionContext[InteropMatrix.publicKeyField] != nil) == InteropMatrix.signedSuites.contains(suite),
                "\(label): the signing key is in the context exactly for signed suites")
        }
    }

    @Test("messages we write decrypt with the Python SDK", arguments: InteropMatrix.suites)
    func swiftWritesPythonReads(suite: UInt16) async throws {
        let cases = InteropMatrix.cases(suite: suite)
        let client = EncryptionSDKClient(commitmentPolicy: InteropMatrix.policy(for: suite))
        let keyring = try Self.ours()
        let algorithmSuite = try #require(AlgorithmSuite(rawValue: suite))
        var messages: [[UInt8]] = []
        for item in cases {
            messages.append(
                try await client.encrypt(
                    plaintext: item.plaintext, keyring: keyring, encryptionContext: item.context,
                    algorithmSuite: algorithmSuite, frameLength: item.frameLength))
        }
        let read = try await Self.peer().decrypt(messages, policy: InteropMatrix.peerPolicy(for: suite))
        for (item, result) in zip(cases, read) {
            let label = "suite \(suite) frame \(item.frameLength) length \(item.plaintext.count)"
            let decrypted = try result.get()
            #expect(decrypted.plaintext == item.plaintext, "\(label)")
            #expect(InteropMatrix.callerContext(decrypted.context) == item.context, "\(label)")
            #expect(decrypted.suite == suite, "\(label)")
        }
    }

    @Test("the Python SDK under its default policy refuses what we wrote with a non-committing suite")
    func pythonDefaultPolicyRefusesNonCommitting() async throws {
        let client = EncryptionSDKClient(commitmentPolicy: .forbidEncryptAllowDecrypt)
        let message = try await client.encrypt(
            plaintext: Array("not committed".utf8), keyring: Self.ours(),
            algorithmSuite: #require(AlgorithmSuite(rawValue: 0x0178)), frameLength: 128)
        let read = try await Self.peer().decrypt([message], policy: "requireEncryptRequireDecrypt")
        #expect(throws: PythonSDKPeer.Refused.self) { try read[0].get() }
    }

    @Test("a message the Python SDK wrote under another wrapping key is refused by ours, and the reverse")
    func wrongKeyRefusedBothWays() async throws {
        let other = try RawAESKeyring(keyNamespace: Self.namespace, keyName: Self.keyName, wrappingKey: [UInt8](repeating: 7, count: 32))
        let item = InteropMatrix.cases(suite: 0x0578, frameLengths: [128])[2]
        let written = try await Self.peer().encrypt([item], policy: "requireEncryptRequireDecrypt")
        await #expect(throws: (any Error).self) {
            _ = try await EncryptionSDKClient().decrypt(ciphertext: written[0].get(), keyring: other)
        }
        let ours = try await EncryptionSDKClient().encrypt(plaintext: item.plaintext, keyring: other, frameLength: 128)
        let read = try await Self.peer().decrypt([ours], policy: "requireEncryptRequireDecrypt")
        #expect(throws: PythonSDKPeer.Refused.self) { try read[0].get() }
    }

    @Test("messages we write with cached materials (several messages per data key) decrypt with the Python SDK", arguments: [UInt16(0x0578), 0x0478])
    func cachedMaterialsReadByPython(suite: UInt16) async throws {
        let manager = CachingCryptographicMaterialsManager(
            keyring: try Self.ours(), cache: LocalCryptographicMaterialsCache(capacity: 4), maxAge: .seconds(600),
            maxMessagesEncrypted: 4)
        let client = EncryptionSDKClient()
        let algorithmSuite = try #require(AlgorithmSuite(rawValue: suite))
        let cases = InteropMatrix.cases(suite: suite, frameLengths: [128])
        var messages: [[UInt8]] = []
        for item in cases {
            messages.append(
                try await client.encrypt(
                    plaintext: item.plaintext, materialsManager: manager, encryptionContext: item.context,
                    algorithmSuite: algorithmSuite, frameLength: item.frameLength))
        }
        let read = try await Self.peer().decrypt(messages, policy: "requireEncryptRequireDecrypt")
        for (item, result) in zip(cases, read) {
            let decrypted = try result.get()
            #expect(decrypted.plaintext == item.plaintext, "length \(item.plaintext.count)")
            #expect(InteropMatrix.callerContext(decrypted.context) == item.context)
        }
    }
}
