/// A value reachable only with the ``Lock`` held, stored in the lock's own allocation.
package final class LockedValue<Value>: Lock, @unchecked Sendable {
    // @unchecked Sendable: `value` is only read and written inside `withLock`.
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        super.init()
    }

    /// Runs `body` with the mutex held and the value lent to it.
    @inline(__always)
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try withLock { try body(&value) }
    }
}

extension LockedValue: CustomReflectable {
    /// No children: what a lock guards (the signing-key cache is keyed by secret keys) must not
    /// show up in `dump` or `Mirror` of an object that holds it, and reading it unlocked would
    /// race anyway.
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
