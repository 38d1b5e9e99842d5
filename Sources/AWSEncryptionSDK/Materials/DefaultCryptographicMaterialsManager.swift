import KMS

/// The manager the client uses when given a keyring (spec `framework/default-cmm.md`): picks
/// the suite, makes the per-message signing key for signed suites and publishes its public
/// key as `aws-crypto-public-key`, and asks the keyring for the data key.
public struct DefaultCryptographicMaterialsManager: CryptographicMaterialsManager {
    /// The keyring that makes, wraps and unwraps data keys.
    public let keyring: any Keyring

    /// The context key that carries a signed message's public key.
    static let publicKeyContextKey = "aws-crypto-public-key"
    /// The prefix reserved for the library's own context keys.
    static let reservedPrefix = "aws-crypto-"

    /// A manager over `keyring`.
    public init(keyring: any Keyring) {
        self.keyring = keyring
    }

    /// Chooses the suite (the request's, else the policy's default), checks it against the
    /// policy, adds the signing key, and calls the keyring.
    public func getEncryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials {
        let policy = request.commitmentPolicy
        let suite = request.algorithmSuite
            ?? (policy == .forbidEncryptAllowDecrypt ? .aes256GcmIv12Tag16HkdfSha384EcdsaP384 : .default)
        guard policy.allowsEncrypt(suite) else { throw EncryptionSDKError.notCommitting(policy) }
        var context = request.encryptionContext
        guard context[Self.publicKeyContextKey] == nil else {
            throw EncryptionSDKError.reservedEncryptionContextKey(Self.publicKeyContextKey)
        }
        for key in request.requiredEncryptionContextKeys where context[key] == nil {
            throw EncryptionSDKError.missingRequiredEncryptionContext(key)
        }
        var signingKey: SigningKey?
        if let curve = suite.properties.curve {
            let key = try SigningKey(curve: curve)
            context[Self.publicKeyContextKey] = Base64.encodeToString(key.publicPoint)
            signingKey = key
        }
        let materials = EncryptionMaterials(
            algorithmSuite: suite, encryptionContext: context,
            requiredEncryptionContextKeys: request.requiredEncryptionContextKeys, signingKey: signingKey)
        let result: EncryptionMaterials
        do {
            result = try await keyring.onEncrypt(materials)
        } catch let error as EncryptionSDKError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A KMS or other keyring failure: one error type for callers, the cause kept.
            throw EncryptionSDKError.keyringFailed("the keyring could not make or wrap the data key", underlying: [error])
        }
        guard result.plaintextDataKey != nil, !result.encryptedDataKeys.isEmpty else {
            throw EncryptionSDKError.keyringFailed("the keyring returned no data key or no encrypted data key")
        }
        return result
    }

    /// Checks the suite against the policy, merges the caller's reproduced context into the
    /// stored one, reads the verification key, and calls the keyring.
    public func decryptMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials {
        let policy = request.commitmentPolicy
        let suite = request.algorithmSuite
        guard policy.allowsDecrypt(suite) else { throw EncryptionSDKError.notCommitting(policy) }
        var context = request.encryptionContext
        var required: Set<String> = []
        for (key, value) in request.reproducedEncryptionContext {
            if let stored = context[key] {
                guard stored == value else { throw EncryptionSDKError.encryptionContextMismatch(key) }
            } else {
                guard !key.hasPrefix(Self.reservedPrefix) else { throw EncryptionSDKError.reservedEncryptionContextKey(key) }
                context[key] = value
                required.insert(key)
            }
        }
        var verificationKey: VerificationKey?
        if let curve = suite.properties.curve {
            guard let text = request.encryptionContext[Self.publicKeyContextKey] else {
                throw EncryptionSDKError.malformed("a signed message without aws-crypto-public-key")
            }
            guard let point = Base64.decode(text) else {
                throw EncryptionSDKError.malformed("aws-crypto-public-key is not base64")
            }
            verificationKey = try VerificationKey(compressedPoint: point, curve: curve)
        } else if context[Self.publicKeyContextKey] != nil {
            throw EncryptionSDKError.malformed("an unsigned message with aws-crypto-public-key")
        }
        let materials = DecryptionMaterials(
            algorithmSuite: suite, encryptionContext: context,
            requiredEncryptionContextKeys: required, verificationKey: verificationKey)
        let result: DecryptionMaterials
        do {
            result = try await keyring.onDecrypt(materials, encryptedDataKeys: request.encryptedDataKeys)
        } catch let error as EncryptionSDKError where error.code == .noKeyringDecrypted {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw EncryptionSDKError.noKeyringDecrypted([error])
        }
        guard result.plaintextDataKey != nil else { throw EncryptionSDKError.noKeyringDecrypted([]) }
        return result
    }
}
