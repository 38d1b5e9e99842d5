import AWSEncryptionSDK
import KMS
import Testing

/// What the cache holds of a data key lives in its ``KMSSecretBytes``: kept while the entry
/// lives, released (and so zeroed, as ``KMSSecretBytes`` does on release) when the entry goes.
@Suite("Caching materials manager: cached data keys")
struct CachedSecretsTests {
    /// Gets materials for `context` and returns a weak view of their data key.
    private func dataKey(
        _ manager: CachingCryptographicMaterialsManager, context: [String: String]
    ) async throws -> WeakBox {
        let request = EncryptionMaterialsRequest(
            encryptionContext: context, algorithmSuite: .aes256GcmHkdfSha512CommitKey,
            commitmentPolicy: .requireEncryptRequireDecrypt, maxPlaintextLength: 10)
        let materials = try await manager.getEncryptionMaterials(request)
        return WeakBox(try #require(materials.plaintextDataKey))
    }

    final class WeakBox: @unchecked Sendable {
        weak var key: KMSSecretBytes?
        init(_ key: KMSSecretBytes) { self.key = key }
    }

    /// Whether every box's key is released within a second. The load that made an entry ran in
    /// a task, whose result the runtime may still hold for a moment after the caller resumed
    /// (seen under ThreadSanitizer's scheduling); the cache itself holds nothing by then.
    private func released(_ boxes: [WeakBox]) async throws -> Bool {
        for _ in 0..<100 {
            if boxes.allSatisfy({ $0.key == nil }) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return boxes.allSatisfy { $0.key == nil }
    }

    @Test("the cache keeps a data key alive while its entry lives and releases it when the entry is evicted")
    func evictionReleases() async throws {
        let kit = try CachingTestKit()
        let cache = LocalCryptographicMaterialsCache(capacity: 1)
        let manager = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600))
        let first = try await dataKey(manager, context: ["tenant": "a"])
        #expect(first.key != nil, "held by the cache entry")
        _ = try await dataKey(manager, context: ["tenant": "b"])
        #expect(try await released([first]), "released with its evicted entry")
    }

    @Test("removeAll releases every cached data key")
    func removeAllReleases() async throws {
        let kit = try CachingTestKit()
        let cache = LocalCryptographicMaterialsCache(capacity: 4)
        let manager = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600))
        let keys = [try await dataKey(manager, context: ["t": "1"]), try await dataKey(manager, context: ["t": "2"])]
        #expect(keys.allSatisfy { $0.key != nil })
        cache.removeAll()
        #expect(try await released(keys))
        #expect(cache.count == 0)
    }

    @Test("an entry past its message limit is dropped and its data key released")
    func limitReleases() async throws {
        let kit = try CachingTestKit()
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 4), maxAge: .seconds(600),
            maxMessagesEncrypted: 1)
        let first = try await dataKey(manager, context: ["t": "1"])
        _ = try await dataKey(manager, context: ["t": "1"])
        #expect(try await released([first]))
        #expect(kit.generateCalls == 2)
    }
}
