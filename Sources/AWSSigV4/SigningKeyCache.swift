import Locking

/// Signing keys of one region and service, derived once per (secret, day) and kept.
///
/// Deriving a key costs four HMACs, twice what signing a request costs once the key is known.
/// Keys change only when the day or the credentials do, so a handful of entries is enough; the
/// oldest is dropped when the cache is full. The lock is held only to look up or insert, never
/// while hashing: two tasks that miss at once may both derive the key (same result).
final class SigningKeyCache: Sendable {
    private struct Entry {
        var secretAccessKey: String
        var day: Int
        var key: SHA256Digest
    }

    private struct State {
        var entries: [Entry] = []
        var derivations = 0
    }

    /// How many (secret, day) keys are kept.
    let capacity: Int
    private let region: String
    private let service: String
    private let state = LockedValue(State())

    init(region: String, service: String, capacity: Int = 8) {
        precondition(capacity > 0, "the cache keeps at least one key")
        self.region = region
        self.service = service
        self.capacity = capacity
    }

    /// How many keys were derived so far (tests: proves that cached keys are reused).
    var derivationCount: Int {
        state.withLock { $0.derivations }
    }

    /// The signing key for `secretAccessKey` on the day of `date`, from the cache or derived
    /// with `context` (and then cached).
    func signingKey(secretAccessKey: String, date: AmzDate, context: CryptoContext) -> SHA256Digest {
        let day = date.day
        let cached: SHA256Digest? = state.withLock { state in
            for entry in state.entries where entry.day == day && UTF8Bytes.equal(entry.secretAccessKey, secretAccessKey) {
                return entry.key
            }
            return nil
        }
        if let cached { return cached }

        let key = Self.derive(
            secretAccessKey: secretAccessKey, dateStamp: date.dateStamp,
            region: region, service: service, context: context
        )
        state.withLock { state in
            state.derivations += 1
            if state.entries.contains(where: { $0.day == day && UTF8Bytes.equal($0.secretAccessKey, secretAccessKey) }) {
                return
            }
            if state.entries.count >= capacity { state.entries.removeFirst() }
            state.entries.append(Entry(secretAccessKey: secretAccessKey, day: day, key: key))
        }
        return key
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func derive(
        secretAccessKey: String, dateStamp: String, region: String, service: String,
        context: CryptoContext
    ) -> SHA256Digest {
        var secretKey: [UInt8] = []
        secretKey.reserveCapacity(4 + secretAccessKey.utf8.count)
        secretKey.append(contentsOf: "AWS4".utf8)
        secretKey.append(contentsOf: secretAccessKey.utf8)
        defer {
            // Best effort: Swift may have copied the secret elsewhere (see AWSCredentials).
            secretKey.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
        }
        let dateKey = secretKey.withUnsafeBytes { key in
            UTF8Bytes.with(dateStamp) { context.hmac(key: key, data: $0) }
        }
        let regionKey = UTF8Bytes.with(region) { context.hmac(key: dateKey, data: $0) }
        let serviceKey = UTF8Bytes.with(service) { context.hmac(key: regionKey, data: $0) }
        return UTF8Bytes.with("aws4_request") { context.hmac(key: serviceKey, data: $0) }
    }
}
