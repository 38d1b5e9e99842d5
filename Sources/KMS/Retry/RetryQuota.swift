import Locking

/// The SDKs' retry quota: a token bucket shared by every request of a client, so that when a
/// service is down retries stop instead of multiplying the load.
///
/// Starts full (500 tokens). A retry takes 5 tokens (10 after a timeout) and is refused when
/// the bucket cannot pay; a request that succeeds after retries gives back what its last retry
/// took; a request that succeeds at once gives back 1. Never above capacity.
///
/// A class around a lock, not an actor: every successful call gives tokens back, and an
/// uncontended lock costs far less than a hop to an actor and back.
package final class RetryQuota: Sendable {
    /// Tokens when full.
    package let capacity: Int
    private let tokens: LockedValue<Int>

    /// A full bucket.
    package init(capacity: Int = 500) {
        self.capacity = capacity
        self.tokens = LockedValue(capacity)
    }

    /// Tokens left.
    package var available: Int {
        tokens.withLock { $0 }
    }

    /// Takes `cost` tokens if there are that many; returns whether it did.
    package func acquire(_ cost: Int) -> Bool {
        tokens.withLock { available in
            guard cost <= available else { return false }
            available -= cost
            return true
        }
    }

    /// Gives back `amount` tokens, up to capacity.
    package func release(_ amount: Int) {
        tokens.withLock { available in
            available = min(capacity, available + max(0, amount))
        }
    }
}

/// The difference between the service's clock and ours, learnt from clock-skew errors and
/// added to the signing time of later requests. Read on every attempt, so it is behind a lock,
/// not an actor.
package final class ClockSkewCorrection: Sendable {
    private let stored = LockedValue<Duration>(.zero)

    /// No correction yet.
    package init() {}

    /// Server time minus local time; zero until a skew error teaches otherwise.
    package var offset: Duration {
        stored.withLock { $0 }
    }

    /// Records a new offset.
    package func update(_ offset: Duration) {
        stored.withLock { $0 = offset }
    }
}
