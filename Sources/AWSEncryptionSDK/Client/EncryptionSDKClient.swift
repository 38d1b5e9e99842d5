/// Encrypts and decrypts messages in the AWS Encryption SDK message format, readable and
/// writable by the official SDKs (Java, Python, C, JavaScript, .NET, Go, Rust, CLI).
///
/// ```swift
/// let client = EncryptionSDKClient()
/// let keyring = AWSKMSKeyring(client: kms, generatorKeyId: keyArn)
/// let message = try await client.encrypt(plaintext: bytes, keyring: keyring,
///                                        encryptionContext: ["purpose": "backup"])
/// let result = try await client.decrypt(ciphertext: message, keyring: keyring)
/// ```
///
/// Each message gets a fresh data key from the keyring (or the materials manager), AES-GCM
/// frames bound to the encryption context, by default key commitment and an ECDSA P-384
/// signature (suite 0x0578). Decrypt returns nothing until every frame's tag and the
/// signature verified. Errors are ``EncryptionSDKError``s (a KMS failure inside
/// ``EncryptionSDKError/keyringFailures``), or `CancellationError`.
public struct EncryptionSDKClient: Sendable {
    /// Which suites may be used to encrypt and decrypt.
    public let commitmentPolicy: CommitmentPolicy
    /// The most encrypted data keys a message may carry to be decrypted; nil for no limit. A
    /// message over it is refused before any keyring (and so any KMS call) sees it.
    public let maxEncryptedDataKeys: Int?

    /// A client with `commitmentPolicy` and no limit on encrypted data keys.
    ///
    /// Under ``CommitmentPolicy/forbidEncryptAllowDecrypt`` pass a non-committing suite to
    /// `encrypt` (the default suite, 0x0578, commits and is refused).
    public init(commitmentPolicy: CommitmentPolicy = .requireEncryptRequireDecrypt) {
        self.commitmentPolicy = commitmentPolicy
        self.maxEncryptedDataKeys = nil
    }

    /// A client that refuses messages with more than `maxEncryptedDataKeys` (at least 1)
    /// encrypted data keys, and encrypts no more than that either.
    public init(commitmentPolicy: CommitmentPolicy = .requireEncryptRequireDecrypt, maxEncryptedDataKeys: Int?) {
        self.commitmentPolicy = commitmentPolicy
        self.maxEncryptedDataKeys = maxEncryptedDataKeys.map { max($0, 1) }
    }

    // MARK: - Encrypt

    /// Encrypts `plaintext` with a data key from `keyring` (through a
    /// ``DefaultCryptographicMaterialsManager``).
    ///
    /// - Parameters:
    ///   - plaintext: the bytes to encrypt.
    ///   - keyring: makes and wraps the data key (a KMS keyring calls `GenerateDataKey`).
    ///   - encryptionContext: non-secret pairs bound to the message and returned on decrypt;
    ///     keys starting with `aws-crypto-` are reserved.
    ///   - algorithmSuite: must be allowed by the commitment policy; 0x0078, 0x0046 and 0x0014
    ///     are decrypt-only.
    ///   - frameLength: bytes of plaintext per frame, 1…2^32-1.
    public func encrypt(
        plaintext: [UInt8], keyring: any Keyring, encryptionContext: [String: String] = [:],
        algorithmSuite: AlgorithmSuite = .default, frameLength: Int = 4096
    ) async throws -> [UInt8] {
        try await encrypt(
            plaintext: plaintext, materialsManager: DefaultCryptographicMaterialsManager(keyring: keyring),
            encryptionContext: encryptionContext, algorithmSuite: algorithmSuite, frameLength: frameLength)
    }

    /// Encrypts `plaintext` with materials from `materialsManager` (e.g. a caching or a
    /// required-encryption-context manager); see ``encrypt(plaintext:keyring:encryptionContext:algorithmSuite:frameLength:)``.
    public func encrypt(
        plaintext: [UInt8], materialsManager: any CryptographicMaterialsManager, encryptionContext: [String: String] = [:],
        algorithmSuite: AlgorithmSuite = .default, frameLength: Int = 4096
    ) async throws -> [UInt8] {
        let materials = try await encryptionMaterials(
            materialsManager: materialsManager, encryptionContext: encryptionContext,
            algorithmSuite: algorithmSuite, frameLength: frameLength, plaintextLength: plaintext.count)
        return try MessageEncryptor(materials: materials, frameLength: frameLength).encrypt(plaintext)
    }

    /// Checks the parameters, gets the materials and checks them against the policy.
    func encryptionMaterials(
        materialsManager: any CryptographicMaterialsManager, encryptionContext: [String: String],
        algorithmSuite: AlgorithmSuite, frameLength: Int, plaintextLength: Int?
    ) async throws -> EncryptionMaterials {
        guard frameLength >= 1, frameLength <= Int(UInt32.max) else {
            throw EncryptionSDKError.invalidParameter("frame length \(frameLength) is not in 1…2^32-1")
        }
        if let reserved = encryptionContext.keys.first(where: { $0.hasPrefix(DefaultCryptographicMaterialsManager.reservedPrefix) }) {
            throw EncryptionSDKError.reservedEncryptionContextKey(reserved)
        }
        try checkEncryptable(algorithmSuite)
        let materials = try await materialsManager.getEncryptionMaterials(EncryptionMaterialsRequest(
            encryptionContext: encryptionContext, algorithmSuite: algorithmSuite,
            commitmentPolicy: commitmentPolicy, maxPlaintextLength: plaintextLength))
        try checkEncryptable(materials.algorithmSuite)
        if let maxEncryptedDataKeys, materials.encryptedDataKeys.count > maxEncryptedDataKeys {
            throw EncryptionSDKError.tooManyEncryptedDataKeys(materials.encryptedDataKeys.count, limit: maxEncryptedDataKeys)
        }
        return materials
    }

    private func checkEncryptable(_ suite: AlgorithmSuite) throws {
        guard commitmentPolicy.allowsEncrypt(suite) else { throw EncryptionSDKError.notCommitting(commitmentPolicy) }
        guard suite.properties.kdf != nil else {
            throw EncryptionSDKError.invalidParameter("suite \(suite) uses the data key directly: decrypt only")
        }
    }

    // MARK: - Decrypt

    /// Decrypts a message whose data key `keyring` can unwrap.
    public func decrypt(ciphertext: [UInt8], keyring: any Keyring) async throws -> DecryptResult {
        try await decrypt(ciphertext: ciphertext, materialsManager: DefaultCryptographicMaterialsManager(keyring: keyring))
    }

    /// Decrypts a message, supplying `encryptionContext`: values that must equal the stored
    /// ones, and those the writer authenticated without storing (required-encryption-context
    /// manager).
    public func decrypt(ciphertext: [UInt8], keyring: any Keyring, encryptionContext: [String: String]) async throws -> DecryptResult {
        try await decrypt(
            ciphertext: ciphertext, materialsManager: DefaultCryptographicMaterialsManager(keyring: keyring),
            encryptionContext: encryptionContext)
    }

    /// Decrypts a message with materials from `materialsManager`.
    public func decrypt(ciphertext: [UInt8], materialsManager: any CryptographicMaterialsManager) async throws -> DecryptResult {
        try await decrypt(ciphertext: ciphertext, materialsManager: materialsManager, encryptionContext: [:])
    }

    /// Decrypts a message with materials from `materialsManager`, supplying `encryptionContext`
    /// as in ``decrypt(ciphertext:keyring:encryptionContext:)``.
    public func decrypt(
        ciphertext: [UInt8], materialsManager: any CryptographicMaterialsManager, encryptionContext: [String: String]
    ) async throws -> DecryptResult {
        try await MessageDecryptor(policy: commitmentPolicy, maxEncryptedDataKeys: maxEncryptedDataKeys)
            .decrypt(ciphertext, materialsManager: materialsManager, reproducedEncryptionContext: encryptionContext)
    }
}
