#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The package's one lock: a pthread mutex at a stable heap address, shared by reference
/// (between `CurlHTTPClient`'s callers and its curl thread, between tasks signing at once).
///
/// Why pthread and not `Synchronization.Mutex` (available on every platform the package
/// supports): ThreadSanitizer on Linux cannot see `Mutex`'s locking, which is done with atomics
/// and futex calls inside the uninstrumented Synchronization module, so every access to a
/// `Mutex`-protected value is reported as a race and `scripts/sanitize.sh thread` would be
/// useless (docs/HARDENING.md has the six-line reproduction). pthread mutexes are intercepted
/// by ThreadSanitizer and cost the same uncontended. A `pthread_mutex_t` must not move once
/// initialized, hence the allocation and the class.
///
/// Not `final` only so that ``LockedValue`` can keep its value in the same allocation.
package class Lock: @unchecked Sendable {
    // @unchecked Sendable: the mutex is only used through pthread calls, which synchronize.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let result = pthread_mutex_init(mutex, nil)
        precondition(result == 0, "pthread_mutex_init failed: \(result)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the mutex held.
    @inline(__always)
    package final func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
