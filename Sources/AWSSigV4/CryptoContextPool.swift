import Locking

/// The process-wide pool of idle `CryptoContext`s.
///
/// A signature checks one context out, uses it, and puts it back; the lock is held only to pop
/// and push. Under concurrency the pool grows to the number of signatures in flight (bounded by
/// the cores that run them) and keeps at most `maximumIdle` for later.
enum CryptoContextPool {
    /// How many idle contexts are kept; more are freed when given back.
    static let maximumIdle = 16

    private static let idle = LockedValue<[CryptoContext]>([])

    /// Runs `body` with a context no one else uses meanwhile.
    static func withContext<Result>(_ body: (CryptoContext) throws -> Result) rethrows -> Result {
        let context = checkOut()
        defer { checkIn(context) }
        return try body(context)
    }

    /// A context no one else uses until it is given back with `checkIn(_:)`. (The hot path
    /// uses this pair rather than `withContext`, whose closure would copy what it captures.)
    static func checkOut() -> CryptoContext {
        idle.withLock { $0.popLast() } ?? CryptoContext()
    }

    /// Gives back a context from `checkOut()`.
    static func checkIn(_ context: CryptoContext) {
        idle.withLock { contexts in
            if contexts.count < maximumIdle { contexts.append(context) }
        }
    }
}
