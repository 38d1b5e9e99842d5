import KMS

/// Decrypts with whichever KMS key each `aws-kms` data key names (spec
/// `framework/aws-kms/aws-kms-discovery-keyring.md`), optionally only keys of some accounts in
/// one partition. It cannot encrypt.
///
/// Without a filter it will call KMS for any key ARN a message carries, so it trusts the
/// writer to name sensible keys; limit it with a ``Filter`` (and a small
/// ``EncryptionSDKClient/maxEncryptedDataKeys``) when messages come from outside.
public struct AWSKMSDiscoveryKeyring: Keyring, CustomStringConvertible {
    /// Which key ARNs a discovery keyring may use: a partition and a list of accounts.
    public struct Filter: Sendable, Hashable {
        /// The partition, e.g. `aws`.
        public var partition: String
        /// The accounts whose keys may be used (at least one).
        public var accountIds: Set<String>

        /// A filter for `accountIds` in `partition`.
        public init(partition: String, accountIds: Set<String>) {
            self.partition = partition
            self.accountIds = accountIds
        }
    }

    /// The KMS client every call goes through.
    public let client: KMSClient
    /// The filter, nil to use any key.
    public let filter: Filter?
    /// Grant tokens sent with every call.
    public let grantTokens: [String]

    /// A discovery keyring over `client`, limited by `filter` when given.
    public init(client: KMSClient, filter: Filter? = nil, grantTokens: [String] = []) throws {
        if let filter {
            guard !filter.partition.isEmpty, !filter.accountIds.isEmpty, !filter.accountIds.contains("") else {
                throw EncryptionSDKError.invalidParameter("a discovery filter needs a partition and at least one account id")
            }
        }
        self.client = client
        self.filter = filter
        self.grantTokens = grantTokens
    }

    /// Always fails: a discovery keyring names no key to encrypt with.
    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        throw EncryptionSDKError.keyringFailed("a discovery keyring cannot encrypt")
    }

    /// Decrypt for each `aws-kms` data key whose key ARN passes the filter, naming that ARN,
    /// until one succeeds; every failure is collected.
    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil else {
            throw EncryptionSDKError.keyringFailed("the decryption materials already have a data key")
        }
        var failures: [any Error] = []
        for encrypted in encryptedDataKeys where encrypted.providerId == AWSKMSKeyring.providerId {
            guard let text = String(validating: encrypted.providerInfo, as: UTF8.self),
                  let arn = AWSKMSARN(text), arn.isKey
            else {
                failures.append(EncryptionSDKError.malformed("an aws-kms encrypted data key whose provider info is not a KMS key ARN"))
                continue
            }
            if let filter, arn.partition != filter.partition || !filter.accountIds.contains(arn.account) { continue }
            do {
                return try await AWSKMSKeyring.decrypt(
                    encrypted, keyId: text, client: client, materials: materials, grantTokens: grantTokens)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failures.append(error)
            }
        }
        if failures.isEmpty {
            failures.append(EncryptionSDKError.keyringFailed("\(self): no aws-kms encrypted data key it may use"))
        }
        throw EncryptionSDKError.noKeyringDecrypted(failures)
    }

    /// The filter; nothing secret.
    public var description: String {
        guard let filter else { return "AWSKMSDiscoveryKeyring(any key)" }
        return "AWSKMSDiscoveryKeyring(partition: \(filter.partition), accounts: \(filter.accountIds.sorted()))"
    }
}
