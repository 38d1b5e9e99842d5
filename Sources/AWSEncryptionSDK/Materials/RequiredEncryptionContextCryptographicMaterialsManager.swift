/// Makes some encryption context keys required (spec
/// `framework/required-encryption-context-cmm.md`): encrypting fails without a value for
/// each; those pairs are authenticated by the header tag and the keyrings but not stored in
/// the message, so the reader must supply the same values to decrypt
/// (``EncryptionSDKClient/decrypt(ciphertext:materialsManager:encryptionContext:)``).
public struct RequiredEncryptionContextCryptographicMaterialsManager: CryptographicMaterialsManager {
    /// The keys that must have values, on encrypt and on decrypt.
    public let requiredEncryptionContextKeys: Set<String>
    /// The manager that makes the materials.
    public let underlying: any CryptographicMaterialsManager

    /// Requires `requiredEncryptionContextKeys` on top of `underlying`. Keys with the reserved
    /// `aws-crypto-` prefix are refused.
    public init(requiredEncryptionContextKeys: Set<String>, underlying: any CryptographicMaterialsManager) throws {
        if let reserved = requiredEncryptionContextKeys.first(where: { $0.hasPrefix(DefaultCryptographicMaterialsManager.reservedPrefix) }) {
            throw EncryptionSDKError.reservedEncryptionContextKey(reserved)
        }
        self.requiredEncryptionContextKeys = requiredEncryptionContextKeys
        self.underlying = underlying
    }

    /// Requires `requiredEncryptionContextKeys` on top of a default manager over `keyring`.
    public init(requiredEncryptionContextKeys: Set<String>, keyring: any Keyring) throws {
        try self.init(requiredEncryptionContextKeys: requiredEncryptionContextKeys,
                      underlying: DefaultCryptographicMaterialsManager(keyring: keyring))
    }

    /// Fails unless the context has every required key; asks the underlying manager to treat
    /// them as required, and checks that it did.
    public func getEncryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials {
        for key in requiredEncryptionContextKeys.sorted() where request.encryptionContext[key] == nil {
            throw EncryptionSDKError.missingRequiredEncryptionContext(key)
        }
        var request = request
        request.requiredEncryptionContextKeys.formUnion(requiredEncryptionContextKeys)
        let materials = try await underlying.getEncryptionMaterials(request)
        guard materials.requiredEncryptionContextKeys.isSuperset(of: requiredEncryptionContextKeys) else {
            throw EncryptionSDKError.keyringFailed("the underlying materials manager dropped required encryption context keys")
        }
        return materials
    }

    /// Fails unless the caller supplied a value for every required key; checks that the
    /// materials carry them all.
    public func decryptMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials {
        for key in requiredEncryptionContextKeys.sorted() where request.reproducedEncryptionContext[key] == nil {
            throw EncryptionSDKError.missingRequiredEncryptionContext(key)
        }
        let materials = try await underlying.decryptMaterials(request)
        for key in requiredEncryptionContextKeys where materials.encryptionContext[key] == nil {
            throw EncryptionSDKError.missingRequiredEncryptionContext(key)
        }
        return materials
    }
}
