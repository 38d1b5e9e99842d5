import Locking

/// A client's calls in flight, and whether it still takes new ones: the gate every operation
/// passes (``enter(_:)`` / ``leave()``), so that ``KMSClient/shutdown()`` can turn new calls
/// away at once and then wait for the ones it already let in.
///
/// Two lock round trips per call, nothing else: no task, no allocation.
final class ClientLifecycle: Sendable {
    private enum Phase {
        /// Taking calls.
        case running
        /// Shut down: new calls fail; those counted in `inFlight` finish.
        case shutDown
    }

    private struct State {
        var phase = Phase.running
        var inFlight = 0
        /// Shutdowns waiting for `inFlight` to reach zero, by ticket (so that a cancelled one
        /// can take itself out).
        var waiters: [Int: UnsafeContinuation<Void, Never>] = [:]
        var nextTicket = 0
    }

    private let state = LockedValue(State())

    /// Counts a call in, or throws ``KMSError/Code/clientShutDown`` once shutdown has begun:
    /// nothing is sent.
    func enter(_ operation: String) throws(KMSError) {
        let admitted = state.withLock { state -> Bool in
            guard case .running = state.phase else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else { throw KMSError.clientShutDown(operation) }
    }

    /// Counts a call out; the last one out after shutdown wakes the shutdowns waiting for it.
    func leave() {
        let waiters = state.withLock { state -> [UnsafeContinuation<Void, Never>] in
            state.inFlight -= 1
            guard state.inFlight == 0, case .shutDown = state.phase else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Turns new calls away from now on. True for the first call only.
    @discardableResult
    func beginShutdown() -> Bool {
        state.withLock { state in
            guard case .running = state.phase else { return false }
            state.phase = .shutDown
            return true
        }
    }

    /// Whether shutdown has begun.
    var isShutDown: Bool {
        state.withLock { state in
            if case .shutDown = state.phase { return true }
            return false
        }
    }

    /// Calls still running.
    var callsInFlight: Int { state.withLock { $0.inFlight } }

    /// Returns once no call is in flight, or at once when the task is (or gets) cancelled.
    func waitForCallsInFlight() async {
        let ticket: Int? = state.withLock { state in
            guard state.inFlight > 0 else { return nil }
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        guard let ticket else { return }
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let done = state.withLock { state -> Bool in
                    // Cancelled before we got here, or the calls ended meanwhile.
                    if state.inFlight == 0 || Task.isCancelled { return true }
                    state.waiters[ticket] = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: ticket) }?.resume()
        }
    }
}
