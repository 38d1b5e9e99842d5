import KMS

/// Protects data keys with AWS KMS keys (spec `framework/aws-kms/aws-kms-keyring.md`): the
/// generator key makes each data key with `GenerateDataKey`, each additional key wraps it
/// with `Encrypt`, all under the message's full encryption context (which KMS binds to the
/// ciphertext). Each encrypted data key has provider id `aws-kms` and the key ARN KMS returned
/// as provider info, as the official SDKs write them.
///
/// On decrypt it tries only the `aws-kms` data keys whose ARN is one of its key ids, calling
/// `Decrypt` with that key id named, and collects each failure. Give key ARNs to decrypt: a
/// key id or alias never matches a stored ARN. To decrypt with whatever key the message names,
/// use ``AWSKMSDiscoveryKeyring``.
public struct AWSKMSKeyring: Keyring, CustomStringConvertible {
    /// The KMS client every call goes through.
    public let client: KMSClient
    /// The key that generates data keys (id, ARN, alias name or alias ARN).
    public let generatorKeyId: String
    /// Keys that wrap each data key too.
    public let additionalKeyIds: [String]
    /// Grant tokens sent with every call.
    public let grantTokens: [String]

    /// The provider id of KMS encrypted data keys.
    static let providerId = "aws-kms"

    /// A keyring that generates with `generatorKeyId` and also wraps with `additionalKeyIds`.
    public init(client: KMSClient, generatorKeyId: String, additionalKeyIds: [String] = []) {
        self.init(client: client, generatorKeyId: generatorKeyId, additionalKeyIds: additionalKeyIds, grantTokens: [])
    }

    /// The same, sending `grantTokens` (up to 10) with every KMS call.
    public init(client: KMSClient, generatorKeyId: String, additionalKeyIds: [String] = [], grantTokens: [String]) {
        self.client = client
        self.generatorKeyId = generatorKeyId
        self.additionalKeyIds = additionalKeyIds
        self.grantTokens = grantTokens
    }

    /// GenerateDataKey with the generator (or Encrypt, when the materials already have a data
    /// key), then Encrypt with each additional key. A KMS failure fails the whole call.
    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        var materials = materials
        let context = materials.encryptionContext
        var wrapWith = additionalKeyIds
        if materials.plaintextDataKey == nil {
            let dataKey = try await client.generateDataKey(
                id: generatorKeyId, numberOfBytes: materials.algorithmSuite.keyLength,
                encryptionContext: context, grantTokens: grantTokens)
            guard AWSKMSARN(dataKey.id)?.isKey == true else {
                throw EncryptionSDKError.keyringFailed("GenerateDataKey returned \"\(dataKey.id)\", not a KMS key ARN")
            }
            guard let blob = Base64.decode(dataKey.ciphertextBlob), !blob.isEmpty else {
                throw EncryptionSDKError.keyringFailed("GenerateDataKey returned a CiphertextBlob that is not base64")
            }
            materials = try materials.withPlaintextDataKey(dataKey.plaintextBytes)
            materials = materials.addingEncryptedDataKey(
                EncryptedDataKey(providerId: Self.providerId, providerInfo: Array(dataKey.id.utf8), ciphertext: blob))
        } else {
            wrapWith.insert(generatorKeyId, at: 0)
        }
        guard let dataKey = materials.plaintextDataKey else { throw EncryptionSDKError.keyringFailed("no data key") }
        for keyId in wrapWith {
            let wrapped = try await client.encrypt(
                keyId: keyId, plaintext: dataKey, encryptionContext: context, grantTokens: grantTokens)
            guard AWSKMSARN(wrapped.keyId)?.isKey == true else {
                throw EncryptionSDKError.keyringFailed("Encrypt returned \"\(wrapped.keyId)\", not a KMS key ARN")
            }
            guard let blob = Base64.decode(wrapped.ciphertextBlob), !blob.isEmpty else {
                throw EncryptionSDKError.keyringFailed("Encrypt returned a CiphertextBlob that is not base64")
            }
            materials = materials.addingEncryptedDataKey(
                EncryptedDataKey(providerId: Self.providerId, providerInfo: Array(wrapped.keyId.utf8), ciphertext: blob))
        }
        return materials
    }

    /// Decrypt for each `aws-kms` data key whose ARN is one of this keyring's key ids, in
    /// header order, until one succeeds; every failure is collected.
    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil else {
            throw EncryptionSDKError.keyringFailed("the decryption materials already have a data key")
        }
        let keyIds = Set([generatorKeyId] + additionalKeyIds)
        var failures: [any Error] = []
        for encrypted in encryptedDataKeys where encrypted.providerId == Self.providerId {
            guard let arn = String(validating: encrypted.providerInfo, as: UTF8.self), AWSKMSARN(arn)?.isKey == true else {
                failures.append(EncryptionSDKError.malformed("an aws-kms encrypted data key whose provider info is not a KMS key ARN"))
                continue
            }
            guard keyIds.contains(arn) else { continue }
            do {
                return try await Self.decrypt(
                    encrypted, keyId: arn, client: client, materials: materials, grantTokens: grantTokens)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failures.append(error)
            }
        }
        if failures.isEmpty {
            failures.append(EncryptionSDKError.keyringFailed("\(self): no aws-kms encrypted data key for its key ids"))
        }
        throw EncryptionSDKError.noKeyringDecrypted(failures)
    }

    /// One Decrypt call naming `keyId`; checks the key KMS used and the data key's length.
    static func decrypt(
        _ encrypted: EncryptedDataKey, keyId: String, client: KMSClient, materials: DecryptionMaterials, grantTokens: [String]
    ) async throws -> DecryptionMaterials {
        let result = try await client.decrypt(
            ciphertextBlob: Base64.encodeToString(encrypted.ciphertext), encryptionContext: materials.encryptionContext,
            grantTokens: grantTokens, keyId: keyId)
        guard result.keyId == keyId else {
            throw EncryptionSDKError.keyringFailed("KMS decrypted with \"\(result.keyId)\", not \"\(keyId)\"")
        }
        guard result.plaintextBytes.count == materials.algorithmSuite.keyLength else {
            throw EncryptionSDKError.keyringFailed(
                "KMS returned a \(result.plaintextBytes.count)-byte data key; suite \(materials.algorithmSuite) needs \(materials.algorithmSuite.keyLength)")
        }
        return try materials.withPlaintextDataKey(result.plaintextBytes)
    }

    /// The key ids; nothing secret.
    public var description: String {
        "AWSKMSKeyring(generator: \(generatorKeyId), additional: \(additionalKeyIds))"
    }
}
