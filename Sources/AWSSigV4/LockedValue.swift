#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a pthread mutex.
///
/// Used instead of `Synchronization.Mutex` because ThreadSanitizer cannot see `Mutex`'s
/// locking on Linux (atomics and futex calls inside the uninstrumented Synchronization
/// module): every access to a `Mutex`-protected value is reported as a race, which would make
/// `scripts/sanitize.sh thread` useless for this target. pthread mutexes are intercepted by
/// ThreadSanitizer, and cost the same uncontended.
final class LockedValue<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only read and written with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
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

    /// Runs `body` with the mutex held and the value lent to it.
    @inline(__always)
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

extension LockedValue: CustomReflectable {
    /// No children: what a lock guards (the signing-key cache is keyed by secret keys) must not
    /// show up in `dump` or `Mirror` of an object that holds it, and reading it unlocked would
    /// race anyway.
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
