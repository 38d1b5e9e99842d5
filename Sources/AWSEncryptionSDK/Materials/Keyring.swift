/// Decides which keys protect a message's data key: makes or wraps it on encrypt, unwraps
/// one of the message's encrypted data keys on decrypt (spec `framework/keyring-interface.md`).
///
/// Write your own by implementing both requirements; the library's are ``RawAESKeyring``,
/// ``AWSKMSKeyring``, ``AWSKMSDiscoveryKeyring`` and ``MultiKeyring``.
public protocol Keyring: Sendable {
    /// Returns `materials` with a data key (generated here when it has none) and this
    /// keyring's encrypted copies of it added.
    func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials

    /// Returns `materials` with the data key set from the first of `encryptedDataKeys` this
    /// keyring can decrypt; throws when it can decrypt none (say why: the error reaches the
    /// caller inside ``EncryptionSDKError/noKeyringDecrypted``).
    func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials
}
