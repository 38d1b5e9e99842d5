import Synchronization

/// A clock that moves only when a test says so: the cache's ages, without sleeping.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))

    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .nanoseconds(1) }

    /// Moves time forward.
    func advance(by duration: Duration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }

    /// Nothing here sleeps on this clock; a sleeper would wait for `advance`, which tests do
    /// not need, so it returns at once once the deadline has passed and fails otherwise.
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        guard now >= deadline else { throw CancellationError() }
    }
}
