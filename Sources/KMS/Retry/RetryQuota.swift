/// The SDKs' retry quota: a token bucket shared by every request of a client, so that when a
/// service is down retries stop instead of multiplying the load.
///
/// Starts full (500 tokens). A retry takes 5 tokens (10 after a timeout) and is refused when
/// the bucket cannot pay; a request that succeeds after retries gives back what its last retry
/// took; a request that succeeds at once gives back 1. Never above capacity.
public actor RetryQuota {
    /// Tokens when full.
    public nonisolated let capacity: Int
    /// Tokens left.
    public private(set) var available: Int

    /// A full bucket.
    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.available = capacity
    }

    /// Takes `cost` tokens if there are that many; returns whether it did.
    public func acquire(_ cost: Int) -> Bool {
        guard cost <= available else { return false }
        available -= cost
        return true
    }

    /// Gives back `amount` tokens, up to capacity.
    public func release(_ amount: Int) {
        available = min(capacity, available + max(0, amount))
    }
}

/// The difference between the service's clock and ours, learnt from clock-skew errors and
/// added to the signing time of later requests.
public actor ClockSkewCorrection {
    /// Server time minus local time; zero until a skew error teaches otherwise.
    public private(set) var offset: Duration = .zero

    /// No correction yet.
    public init() {}

    /// Records a new offset.
    public func update(_ offset: Duration) {
        self.offset = offset
    }
}
