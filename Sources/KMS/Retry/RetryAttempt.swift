/// What an attempt needs to know: its number and the clock correction to sign with.
package struct RetryAttempt: Sendable, Hashable {
    /// 1 for the first try, 2 for the first retry, …
    package var number: Int
    /// Add this to the local time when signing (see `ClockSkewCorrection`).
    package var clockOffset: Duration

    /// Creates an attempt description.
    package init(number: Int, clockOffset: Duration = .zero) {
        self.number = number
        self.clockOffset = clockOffset
    }
}
