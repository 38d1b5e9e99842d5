/// An in-memory cache of encryption and decryption materials, shared by one or more
/// ``CachingCryptographicMaterialsManager``s (spec `framework/local-cryptographic-materials-cache.md`).
///
/// It holds at most `capacity` entries and, when full, drops the least recently used. It is
/// safe to share between tasks, and goes past the spec where the official SDKs are weak under
/// concurrency: when many tasks miss the same entry at once, one of them asks the underlying
/// manager (one KMS call) and the others wait for its answer instead of each making their own.
/// A failed call reaches every task that waited for it and is not cached.
///
/// Cached data keys stay in their zeroing containers (`KMSSecretBytes`); dropping an entry
/// (eviction, expiry, a limit reached) releases them, which zeroes them once no message in
/// progress still uses them. `description` shows counts only.
///
/// A task that waits for another's call is not released by its own cancellation until that
/// call ends; the call is bounded by the KMS client's timeouts.
public final class LocalCryptographicMaterialsCache: Sendable, CustomStringConvertible {
    /// What the cache holds per entry.
    enum Materials: Sendable {
        case encryption(EncryptionMaterials)
        case decryption(DecryptionMaterials)
    }

    let core: MaterialsCacheCore<CacheIdentifier, Materials>

    /// A cache of at most `capacity` entries (with 0 or less, nothing is kept, though tasks
    /// that miss the same entry at once still share one call), timed by the continuous clock.
    public convenience init(capacity: Int) {
        self.init(capacity: capacity, clock: ContinuousClock())
    }

    /// A cache timed by `clock`: entries expire when `maxAge` has passed on it. Tests give a
    /// clock they advance by hand, so nothing has to sleep.
    public init<C: Clock>(capacity: Int, clock: C) where C.Duration == Duration {
        let start = clock.now
        core = MaterialsCacheCore(capacity: capacity) { start.duration(to: clock.now) }
    }

    /// The most entries it keeps.
    public var capacity: Int { core.capacity }

    /// The number of entries it holds now.
    public var count: Int { core.statistics.entries }

    /// Drops every entry.
    public func removeAll() {
        core.removeAll()
    }

    /// Counts only: capacity, entries, calls in flight, hits and loads.
    public var description: String {
        let stats = core.statistics
        return "LocalCryptographicMaterialsCache(capacity: \(core.capacity), entries: \(stats.entries), "
            + "in flight: \(stats.inFlight), hits: \(stats.hits), loads: \(stats.loads))"
    }
}
