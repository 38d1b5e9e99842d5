#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A materials manager that reuses data keys within limits you set, so that a busy service
/// calls KMS once per many messages instead of once per message (spec `framework/caching-cmm.md`).
///
/// Encryption materials are reused until they are `maxAge` old, have encrypted
/// `maxMessagesEncrypted` messages, or would pass `maxBytesEncrypted` bytes; the use that
/// passes a limit drops the entry and gets fresh materials. Decryption materials are reused
/// for messages that share the suite, encrypted data keys and encryption context, until
/// `maxAge`. Nothing is cached for suites without key derivation, for plaintexts of unknown
/// length, or for a plaintext at or above the byte limit.
///
/// Managers that share a ``LocalCryptographicMaterialsCache`` see each other's entries only
/// when they were given the same `partition`.
///
/// Limits out of range (a `maxAge` of zero or less, `maxMessagesEncrypted` outside 1...2^32, a
/// negative `maxBytesEncrypted`) make every call fail with
/// ``EncryptionSDKError/Code/invalidParameter``.
public struct CachingCryptographicMaterialsManager: CryptographicMaterialsManager, CustomStringConvertible {
    /// The manager asked on a miss.
    public let underlying: any CryptographicMaterialsManager
    /// The cache the entries live in.
    public let cache: LocalCryptographicMaterialsCache
    /// How long an entry may be used after it was made.
    public let maxAge: Duration
    /// How many messages one data key may encrypt.
    public let maxMessagesEncrypted: Int
    /// How many plaintext bytes one data key may encrypt.
    public let maxBytesEncrypted: Int
    /// The partition this manager's entries are stored under.
    public let partition: String

    /// A caching manager over the default manager for `keyring`.
    ///
    /// - Parameters:
    ///   - keyring: makes the data keys to cache (and unwraps them on a decrypt miss).
    ///   - cache: where entries live; may be shared between managers.
    ///   - maxAge: required; how long a data key may be used.
    ///   - maxMessagesEncrypted: 1...2^32 (the default).
    ///   - maxBytesEncrypted: at least 0; `Int.max` by default.
    ///   - partition: shares entries with managers given the same one; a random UUID by default.
    public init(
        keyring: any Keyring, cache: LocalCryptographicMaterialsCache, maxAge: Duration,
        maxMessagesEncrypted: Int = 1 << 32, maxBytesEncrypted: Int = Int.max, partition: String? = nil
    ) {
        self.init(
            materialsManager: DefaultCryptographicMaterialsManager(keyring: keyring), cache: cache, maxAge: maxAge,
            maxMessagesEncrypted: maxMessagesEncrypted, maxBytesEncrypted: maxBytesEncrypted, partition: partition)
    }

    /// A caching manager over another manager (for example a required-encryption-context one).
    public init(
        materialsManager: any CryptographicMaterialsManager, cache: LocalCryptographicMaterialsCache,
        maxAge: Duration, maxMessagesEncrypted: Int = 1 << 32, maxBytesEncrypted: Int = Int.max,
        partition: String? = nil
    ) {
        self.underlying = materialsManager
        self.cache = cache
        self.maxAge = maxAge
        self.maxMessagesEncrypted = maxMessagesEncrypted
        self.maxBytesEncrypted = maxBytesEncrypted
        self.partition = partition ?? UUID().uuidString
    }

    /// Cached materials when an entry fits, else the underlying manager's (stored for reuse).
    public func getEncryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials {
        try checkLimits()
        if let suite = request.algorithmSuite, suite.properties.kdf == nil {
            return try await underlying.getEncryptionMaterials(request)
        }
        guard let length = request.maxPlaintextLength, length >= 0, length < maxBytesEncrypted else {
            return try await underlying.getEncryptionMaterials(request)
        }
        let id = try CacheIdentifier.encryption(
            partition: partition, suite: request.algorithmSuite, context: request.encryptionContext)
        let use = MaterialsCacheCore<CacheIdentifier, LocalCryptographicMaterialsCache.Materials>.Use(
            maxAge: maxAge, limits: (UInt64(maxMessagesEncrypted), UInt64(maxBytesEncrypted)), bytes: UInt64(length))
        let underlying = self.underlying
        let cached = try await cache.core.value(for: id, use: use) {
            .encryption(try await underlying.getEncryptionMaterials(request))
        }
        guard case .encryption(let materials) = cached,
            materials.requiredEncryptionContextKeys == request.requiredEncryptionContextKeys
        else {
            // Not what this request needs (another kind of entry under a colliding id, or
            // other required keys): ask the underlying manager and keep nothing.
            return try await underlying.getEncryptionMaterials(request)
        }
        return materials
    }

    /// Cached materials for a message that shares suite, encrypted data keys and context with
    /// one decrypted within `maxAge`, else the underlying manager's (stored for reuse).
    public func decryptMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials {
        try checkLimits()
        guard request.algorithmSuite.properties.kdf != nil else {
            return try await underlying.decryptMaterials(request)
        }
        // Values the caller supplies become part of the id, so one caller's values never
        // answer another's; a value that contradicts the stored one is the underlying
        // manager's to refuse.
        var context = request.encryptionContext
        for (key, value) in request.reproducedEncryptionContext {
            if let stored = context[key], stored != value { return try await underlying.decryptMaterials(request) }
            context[key] = value
        }
        let id = try CacheIdentifier.decryption(
            partition: partition, suite: request.algorithmSuite, encryptedDataKeys: request.encryptedDataKeys,
            context: context)
        let use = MaterialsCacheCore<CacheIdentifier, LocalCryptographicMaterialsCache.Materials>.Use(
            maxAge: maxAge, limits: nil, bytes: 0)
        let underlying = self.underlying
        let cached = try await cache.core.value(for: id, use: use) {
            .decryption(try await underlying.decryptMaterials(request))
        }
        guard case .decryption(let materials) = cached else {
            return try await underlying.decryptMaterials(request)
        }
        return materials
    }

    private func checkLimits() throws(EncryptionSDKError) {
        guard maxAge > .zero else {
            throw .invalidParameter("the caching manager's maxAge must be greater than zero, got \(maxAge)")
        }
        guard maxMessagesEncrypted >= 1, UInt64(maxMessagesEncrypted) <= 1 << 32 else {
            throw .invalidParameter("the caching manager's maxMessagesEncrypted must be 1...2^32, got \(maxMessagesEncrypted)")
        }
        guard maxBytesEncrypted >= 0 else {
            throw .invalidParameter("the caching manager's maxBytesEncrypted must not be negative, got \(maxBytesEncrypted)")
        }
    }

    /// The limits and partition; nothing of the cached materials.
    public var description: String {
        "CachingCryptographicMaterialsManager(maxAge: \(maxAge), maxMessagesEncrypted: \(maxMessagesEncrypted), "
            + "maxBytesEncrypted: \(maxBytesEncrypted), partition: \(partition), cache: \(cache))"
    }
}
