extension EncryptionSDKClient {
    /// Encrypts plaintext as it arrives; see ``EncryptingStream``.
    ///
    /// - Parameters:
    ///   - plaintext: the plaintext as chunks of bytes, of any sizes.
    ///   - materialsManager: where the data key and signing key come from.
    ///   - encryptionContext: non-secret pairs bound to the message; `aws-crypto-` keys are
    ///     reserved.
    ///   - algorithmSuite: must be allowed by the commitment policy.
    ///   - frameLength: bytes of plaintext per frame, 1…2^32-1.
    ///   - plaintextLength: the total length when known: it is checked, and caching
    ///     managers use it (without it they do not cache).
    public func encryptStream<Plaintext: AsyncSequence>(
        _ plaintext: Plaintext, materialsManager: any CryptographicMaterialsManager,
        encryptionContext: [String: String] = [:], algorithmSuite: AlgorithmSuite = .default,
        frameLength: Int = 4096, plaintextLength: Int? = nil
    ) -> EncryptingStream<Plaintext> where Plaintext.Element == [UInt8] {
        EncryptingStream(
            plaintext: plaintext, client: self, materialsManager: materialsManager, encryptionContext: encryptionContext,
            algorithmSuite: algorithmSuite, frameLength: frameLength, plaintextLength: plaintextLength)
    }

    /// Encrypts plaintext as it arrives, with a data key from `keyring`; see ``EncryptingStream``.
    public func encryptStream<Plaintext: AsyncSequence>(
        _ plaintext: Plaintext, keyring: any Keyring,
        encryptionContext: [String: String] = [:], algorithmSuite: AlgorithmSuite = .default,
        frameLength: Int = 4096, plaintextLength: Int? = nil
    ) -> EncryptingStream<Plaintext> where Plaintext.Element == [UInt8] {
        encryptStream(
            plaintext, materialsManager: DefaultCryptographicMaterialsManager(keyring: keyring),
            encryptionContext: encryptionContext, algorithmSuite: algorithmSuite, frameLength: frameLength,
            plaintextLength: plaintextLength)
    }

    /// Decrypts a message as it arrives; see ``DecryptingStream`` for when plaintext is
    /// released and what `allowUnverifiedPlaintext` trades.
    public func decryptStream<Ciphertext: AsyncSequence>(
        _ ciphertext: Ciphertext, materialsManager: any CryptographicMaterialsManager,
        encryptionContext: [String: String] = [:], allowUnverifiedPlaintext: Bool = false
    ) -> DecryptingStream<Ciphertext> where Ciphertext.Element == [UInt8] {
        DecryptingStream(
            ciphertext: ciphertext,
            decryptor: MessageDecryptor(policy: commitmentPolicy, maxEncryptedDataKeys: maxEncryptedDataKeys),
            materialsManager: materialsManager, encryptionContext: encryptionContext,
            allowUnverifiedPlaintext: allowUnverifiedPlaintext)
    }

    /// Decrypts a message as it arrives, with `keyring`; see ``DecryptingStream``.
    public func decryptStream<Ciphertext: AsyncSequence>(
        _ ciphertext: Ciphertext, keyring: any Keyring,
        encryptionContext: [String: String] = [:], allowUnverifiedPlaintext: Bool = false
    ) -> DecryptingStream<Ciphertext> where Ciphertext.Element == [UInt8] {
        decryptStream(
            ciphertext, materialsManager: DefaultCryptographicMaterialsManager(keyring: keyring),
            encryptionContext: encryptionContext, allowUnverifiedPlaintext: allowUnverifiedPlaintext)
    }
}
