/// Assembles the materials for each message (spec `framework/cmm-interface.md`): the suite,
/// the signing or verification key, and the data key from a keyring. Managers stack: the
/// required-encryption-context manager and a caching manager wrap another.
public protocol CryptographicMaterialsManager: Sendable {
    /// Materials to encrypt one message: a data key, its encrypted copies and, for signed
    /// suites, a signing key (its public key in the context as `aws-crypto-public-key`).
    func getEncryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials

    /// Materials to decrypt one message: its data key and, for signed suites, the
    /// verification key.
    func decryptMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials
}
