import Locking
import KMS
import CurlHTTP

/// A transport that holds every request until ``release()``, then hands it to `inner`: it keeps
/// calls in flight for exactly as long as a test needs, whatever the machine's load, where a
/// delay would race with it.
package final class HeldTransport: HTTPTransport {
    private struct State {
        var released = false
        var waiting: [UnsafeContinuation<Void, Never>] = []
        var held = 0
    }

    private let inner: any HTTPTransport
    private let state = LockedValue(State())

    /// Holds requests for `inner`.
    package init(_ inner: any HTTPTransport) {
        self.inner = inner
    }

    /// How many requests have arrived so far (held or released).
    package var arrived: Int { state.withLock { $0.held } }

    /// Lets every held request and every later one through.
    package func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Waits for ``release()``, then sends through `inner`.
    package func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let go = state.withLock { state in
                state.held += 1
                if state.released { return true }
                state.waiting.append(continuation)
                return false
            }
            if go { continuation.resume() }
        }
        return try await inner.execute(request)
    }
}
